package io.offcpu.codemap;

import io.offcpu.jni.CurrentProcess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Writes the perf map that {@code perf} reads to name JIT code: {@code /tmp/perf-<pid>.map},
 * one {@code START SIZE name} line per blob, hex without {@code 0x} (perf's
 * {@code dso__load_perf_map} parses both with {@code strtoull(.., 16)} and takes the rest of the
 * line as the name). Lines are appended as code appears and reach the file at each
 * {@link #flush}. Names are {@code java.lang.Thread::sleep(J)V} for compiled methods (readable,
 * no spaces, overloads distinct) and the JVM's own name for stubs ({@code Interpreter}).
 *
 * <p>{@code /tmp} is shared, so the file is always created fresh with O_CREAT|O_EXCL (which
 * never follows a symlink): a symlink or a file of another user at the path is refused; an old
 * regular file of ours (an earlier process with this pid, {@code jcmd Compiler.perfmap}) is
 * replaced.
 */
public final class PerfMapWriter implements AutoCloseable {
    private final Path path;
    private final boolean keep;
    private final FileChannel channel;
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    private final StringBuilder pending = new StringBuilder();
    private final CharsetEncoder encoder = StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer encodeBuffer = ByteBuffer.allocate(16 * 1024);
    private long linesWritten;

    private PerfMapWriter(Path path, boolean keep, FileChannel channel) {
        this.path = path;
        this.keep = keep;
        this.channel = channel;
    }

    /** The path perf looks for: {@code /tmp/perf-<pid>.map}. */
    public static Path defaultPath(long pid) {
        return Path.of("/tmp", "perf-" + pid + ".map");
    }

    /** Opens {@code /tmp/perf-<this pid>.map}; see {@link #open}. */
    public static PerfMapWriter forCurrentProcess(boolean keep) throws IOException {
        return open(defaultPath(CurrentProcess.pid()), keep);
    }

    /**
     * Creates the map file at {@code path}.
     *
     * @param keep leave the file after {@link #close} (for perf runs after the JVM exits)
     * @throws IOException if the path is a symlink, not a regular file, owned by another user,
     *     or cannot be created
     */
    public static PerfMapWriter open(Path path, boolean keep) throws IOException {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            refuseUnlessOurRegularFile(path);
            Files.delete(path);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(
                    path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(
                    "offcpu: refusing to write the perf map " + path
                            + ": something was created at that path while we replaced it; check who writes there",
                    e);
        }
        return new PerfMapWriter(path, keep, channel);
    }

    private static void refuseUnlessOurRegularFile(Path path) throws IOException {
        BasicFileAttributes attributes =
                Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            throw new IOException("offcpu: refusing to write the perf map " + path + ": it is a symlink (to "
                    + Files.readSymbolicLink(path) + "); remove it if it is not an attack, or use another path");
        }
        if (!attributes.isRegularFile()) {
            throw new IOException(
                    "offcpu: refusing to write the perf map " + path + ": it exists and is not a regular file");
        }
        int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int us = currentUid();
        if (owner != us) {
            throw new IOException("offcpu: refusing to write the perf map " + path + ": it is owned by uid " + owner
                    + ", not by this process's uid " + us + "; remove it or use another path");
        }
    }

    /** /proc/self belongs to the process's effective uid. */
    private static int currentUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    public Path path() {
        return path;
    }

    /** Queues the line for {@code blob}; it reaches the file at the next {@link #flush}. */
    public void add(CodeBlob blob) {
        appendHex(blob.start());
        pending.append(' ');
        appendHex(Integer.toUnsignedLong(blob.size()));
        pending.append(' ').append(lineSafe(blob.name())).append('\n');
        linesWritten++;
    }

    /** Lower-case hex without leading zeros, as Long.toHexString writes it, without a String per number. */
    private void appendHex(long value) {
        int digits = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 3) / 4);
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            pending.append(HEX_DIGITS[(int) (value >>> shift) & 0xf]);
        }
    }

    /** Lines added so far. */
    public long lines() {
        return linesWritten;
    }

    /** Appends the queued lines to the file. */
    public void flush() throws IOException {
        if (pending.length() == 0) {
            return;
        }
        // Encoded in pieces into one reused buffer: no String or byte array the size of the batch per flush.
        CharBuffer chars = CharBuffer.wrap(pending);
        encoder.reset();
        CoderResult result;
        do {
            encodeBuffer.clear();
            result = encoder.encode(chars, encodeBuffer, true);
            writeEncoded();
        } while (result.isOverflow());
        do {
            encodeBuffer.clear();
            result = encoder.flush(encodeBuffer);
            writeEncoded();
        } while (result.isOverflow());
        pending.setLength(0);
    }

    private void writeEncoded() throws IOException {
        encodeBuffer.flip();
        while (encodeBuffer.hasRemaining()) {
            channel.write(encodeBuffer);
        }
    }

    /** Flushes, closes, and deletes the file unless {@code keep} was requested. */
    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
            if (!keep) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** A name with a newline would start a bogus map line. */
    private static String lineSafe(String name) {
        return name.indexOf('\n') < 0 && name.indexOf('\r') < 0
                ? name
                : name.replace('\n', ' ').replace('\r', ' ');
    }
}
