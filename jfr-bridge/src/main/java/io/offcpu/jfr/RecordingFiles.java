package io.offcpu.jfr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Whole-file operations on JFR recordings: finding the complete chunks of a file that may end in a
 * torn chunk, and merging the JVM's recording with our spool file into one recording.
 *
 * <p>A JFR file is just chunks back to back, so concatenation is a valid merge. Order matters: the
 * JVM's chunks come first because the JDK 25 parser converts all chunks with the first chunk's tick
 * base (see {@link TickClock}).
 */
public final class RecordingFiles {

    /** A complete chunk found in a file. */
    public record Chunk(long fileOffset, ChunkHeader header) {}

    /**
     * What a merge wrote.
     *
     * @param jvmChunks        complete chunks copied from the JVM's recording
     * @param offCpuChunks     complete chunks copied from the spool file
     * @param bytesWritten     size of the destination file
     * @param bytesDiscarded   trailing bytes of either input that were not a complete chunk (a chunk
     *                         torn by a crash), left out
     */
    public record MergeResult(int jvmChunks, int offCpuChunks, long bytesWritten, long bytesDiscarded) {}

    /** Mode 0600, as {@link Files#createTempFile} gives its files. */
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_READ_WRITE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private static final int NAME_ATTEMPTS = 10;

    private RecordingFiles() {}

    /**
     * Writes the JVM's recording followed by the complete chunks of the spool file to a temporary file
     * in the destination's directory, forces it to disk and renames it over {@code destination}, so
     * readers see either the old file or the whole new one.
     *
     * @param jvmRecording the JVM's dump, or null when there is none
     * @param spool        the file {@link OffCpuChunkWriter} wrote; missing counts as empty
     * @param destination  the recording to create or replace
     */
    public static MergeResult mergeAtomically(Path jvmRecording, Path spool, Path destination) throws IOException {
        List<Chunk> jvmChunks = jvmRecording == null ? List.of() : completeChunks(jvmRecording);
        List<Chunk> ourChunks = Files.exists(spool) ? completeChunks(spool) : List.of();
        if (jvmChunks.isEmpty() && ourChunks.isEmpty()) {
            throw new IOException("offcpu: nothing to write to " + destination + ": no complete JFR chunk in "
                    + (jvmRecording == null ? "" : jvmRecording + " or ") + spool);
        }
        long discarded = trailingBytes(jvmRecording, jvmChunks) + trailingBytes(spool, ourChunks);

        Path dir = destination.toAbsolutePath().getParent();
        Path tmp = createTemporaryFile(dir, "." + destination.getFileName() + ".");
        boolean moved = false;
        try {
            long written;
            try (FileChannel out =
                    FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                copyPrefix(jvmRecording, endOf(jvmChunks), out);
                copyPrefix(spool, endOf(ourChunks), out);
                out.force(true);
                written = out.size();
            }
            try {
                Files.move(tmp, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(
                        "offcpu: cannot atomically rename " + tmp + " to " + destination
                                + " (the file system does not support it): " + e.getMessage(),
                        e);
            }
            moved = true;
            forceDirectory(dir);
            return new MergeResult(jvmChunks.size(), ourChunks.size(), written, discarded);
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * A new empty file in {@code dir}, mode 0600. Not {@link Files#createTempFile}: its random names come from a
     * SecureRandom, whose seeding (and the ~50 classes of java.security it loads) cost ~50 ms of the profiled
     * JVM's CPU at its first flush. The name need not be secret: the file is created with O_EXCL, so it is
     * either new and ours or the next name is tried (a file or a symlink planted there makes it fail).
     */
    private static Path createTemporaryFile(Path dir, String prefix) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path tmp = dir.resolve(prefix + Long.toUnsignedString(System.nanoTime(), 36) + ".tmp");
            try {
                return Files.createFile(tmp, OWNER_READ_WRITE);
            } catch (FileAlreadyExistsException e) {
                if (attempt == NAME_ATTEMPTS) {
                    return Files.createTempFile(dir, prefix, ".tmp"); // someone keeps guessing our names
                }
            }
        }
    }

    /**
     * The complete chunks at the start of {@code file}, in order. Stops at the first chunk that is cut
     * short, has no valid header, or whose metadata event is missing; what follows is not a chunk a
     * reader could use.
     */
    public static List<Chunk> completeChunks(Path file) throws IOException {
        List<Chunk> chunks = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            long offset = 0;
            ByteBuffer headerBytes = ByteBuffer.allocate(ChunkHeader.SIZE);
            while (fileSize - offset >= ChunkHeader.SIZE) {
                headerBytes.clear();
                readFully(ch, headerBytes, offset);
                headerBytes.flip();
                ChunkHeader h;
                try {
                    h = ChunkHeader.read(headerBytes);
                } catch (IOException notAChunk) {
                    break;
                }
                if (!isComplete(ch, offset, h, fileSize)) {
                    break;
                }
                chunks.add(new Chunk(offset, h));
                offset += h.chunkSize();
            }
        } catch (NoSuchFileException e) {
            throw new IOException("offcpu: JFR file " + file + " does not exist", e);
        }
        return chunks;
    }

    private static boolean isComplete(FileChannel ch, long offset, ChunkHeader h, long fileSize) throws IOException {
        long size = h.chunkSize();
        if (h.major() != 2 && h.major() != 1
                || h.fileState() != 0
                || size < ChunkHeader.SIZE
                || size > fileSize - offset) {
            return false;
        }
        long meta = h.metadataOffset();
        long cp = h.constantPoolOffset();
        if (meta < ChunkHeader.SIZE || meta >= size || cp != 0 && (cp < ChunkHeader.SIZE || cp >= size)) {
            return false;
        }
        // The metadata event must really be there: its type id is 0.
        ByteBuffer eventStart = ByteBuffer.allocate((int) Math.min(18, size - meta));
        readFully(ch, eventStart, offset + meta);
        eventStart.flip();
        if (h.compressedIntegers()) {
            skipVarLong(eventStart);
            return eventStart.hasRemaining() && readVarLong(eventStart) == 0;
        }
        return eventStart.remaining() >= 12 && eventStart.getLong(4) == 0;
    }

    private static void skipVarLong(ByteBuffer b) {
        readVarLong(b);
    }

    private static long readVarLong(ByteBuffer b) {
        long v = 0;
        for (int i = 0; i < 8 && b.hasRemaining(); i++) {
            int x = b.get() & 0xFF;
            v |= (long) (x & 0x7F) << (7 * i);
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        return b.hasRemaining() ? v | (long) (b.get() & 0xFF) << 56 : -1;
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        while (dst.hasRemaining()) {
            int n = ch.read(dst, position);
            if (n < 0) {
                throw new IOException("unexpected end of file at " + position);
            }
            position += n;
        }
    }

    private static long endOf(List<Chunk> chunks) {
        if (chunks.isEmpty()) {
            return 0;
        }
        Chunk last = chunks.get(chunks.size() - 1);
        return last.fileOffset() + last.header().chunkSize();
    }

    private static long trailingBytes(Path file, List<Chunk> chunks) throws IOException {
        return file == null || !Files.exists(file) ? 0 : Files.size(file) - endOf(chunks);
    }

    private static void copyPrefix(Path source, long length, FileChannel out) throws IOException {
        if (source == null || length == 0) {
            return;
        }
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            long done = 0;
            while (done < length) {
                long n = in.transferTo(done, length - done, out);
                if (n <= 0) {
                    throw new IOException("offcpu: " + source + " shrank while being copied (at " + done + " of "
                            + length + " bytes)");
                }
                done += n;
            }
        }
    }

    /** Makes the rename durable; not every file system lets a directory be opened, which is harmless. */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort
        }
    }
}
