package io.offcpu.symbols;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A reader for 64-bit little-endian ELF files (x86_64 Linux executables, shared libraries and separate
 * debug files). Headers are read on open; section contents are read on demand with positional reads into
 * heap buffers, so nothing stays mapped after {@link #close()}. Function symbols are read by the native
 * library ({@link FunctionTable}), not here: their tables are megabytes.
 */
public final class ElfFile implements AutoCloseable {
    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;
    public static final int EM_X86_64 = 62;
    private static final int NT_GNU_BUILD_ID = 3;
    private static final Path DEBUG_ROOT = Path.of("/usr/lib/debug/.build-id");

    private final Path path;
    private final FileChannel channel;
    private final int type;
    private final int machine;
    private final List<ElfSegment> segments;
    private final List<ElfSection> sections;

    private ElfFile(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.channel = channel;
        ByteBuffer header = read(0, 64);
        if (header.limit() < 64 || header.getInt(0) != 0x464c457f) {
            throw new IOException(path + " is not an ELF file (no \\x7fELF magic)");
        }
        if (header.get(4) != 2 || header.get(5) != 1) {
            throw new IOException(path + " is not a 64-bit little-endian ELF file (EI_CLASS=" + header.get(4)
                    + ", EI_DATA=" + header.get(5) + "); only ELF64 LE (x86_64) is supported");
        }
        type = Short.toUnsignedInt(header.getShort(16));
        machine = Short.toUnsignedInt(header.getShort(18));
        long phOffset = header.getLong(32);
        long shOffset = header.getLong(40);
        int phEntrySize = Short.toUnsignedInt(header.getShort(54));
        int phCount = Short.toUnsignedInt(header.getShort(56));
        int shEntrySize = Short.toUnsignedInt(header.getShort(58));
        int shCount = Short.toUnsignedInt(header.getShort(60));
        int shStringIndex = Short.toUnsignedInt(header.getShort(62));
        segments = readSegments(phOffset, phEntrySize, phCount);
        sections = readSections(shOffset, shEntrySize, shCount, shStringIndex);
    }

    public static ElfFile open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new ElfFile(path, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /** {@link #ET_EXEC} (fixed-address executable), {@link #ET_DYN} (shared library or PIE), ... */
    public int type() {
        return type;
    }

    public int machine() {
        return machine;
    }

    public List<ElfSegment> segments() {
        return segments;
    }

    public List<ElfSection> sections() {
        return sections;
    }

    public Optional<ElfSection> section(String name) {
        // Loops, not streams, here and below: the agent opens ELF files as it starts (stream pipelines are
        // classes and compilations in the profiled JVM).
        for (ElfSection s : sections) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The section's bytes (empty for NOBITS sections). */
    public ByteBuffer sectionData(ElfSection section) throws IOException {
        if (!section.hasFileData()) {
            return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        }
        if (section.size() > Integer.MAX_VALUE) {
            throw new IOException(path + ": section " + section.name() + " is " + section.size()
                    + " bytes; sections above 2 GiB are not supported");
        }
        return read(section.fileOffset(), (int) section.size());
    }

    /**
     * The difference between runtime and ELF virtual addresses for the file mapped at {@code mappingStart}
     * from file offset {@code mappingFileOffset}: {@code elfVirtualAddress = runtimeAddress - bias}.
     * Works with any of the file's mappings that maps a PT_LOAD segment; 0 for ET_EXEC files.
     *
     * @throws IllegalArgumentException when no PT_LOAD segment covers that file offset
     */
    public long loadBias(long mappingStart, long mappingFileOffset) {
        return loadBias(path, type, segments, mappingStart, mappingFileOffset, null);
    }

    /** {@link #loadBias(long, long)} for a mapping from {@code /proc/<pid>/maps}, using its permissions to break ties. */
    public long loadBias(MemoryMapping mapping) {
        return loadBias(path, type, segments, mapping.start(), mapping.fileOffset(), mapping.isExecutable());
    }

    static long loadBias(
            Path path,
            int type,
            List<ElfSegment> segments,
            long mappingStart,
            long mappingFileOffset,
            Boolean executableMapping) {
        if (type == ET_EXEC) {
            return 0;
        }
        ElfSegment best = null;
        for (ElfSegment segment : segments) {
            if (!segment.isLoad()) {
                continue;
            }
            // The kernel maps a segment from the page holding p_offset; mprotect (RELRO) may split it later.
            long pageAlignedOffset = segment.fileOffset() & ~0xfffL;
            long segmentFileEnd = segment.fileOffset() + Math.max(segment.fileSize(), 1);
            if (mappingFileOffset < pageAlignedOffset || mappingFileOffset >= segmentFileEnd) {
                continue;
            }
            // Segments may share a page (the end of one, the start of the next): the one starting nearest
            // to the mapping's offset is the one mapped there; on a tie the permissions decide.
            if (best == null
                    || pageAlignedOffset > (best.fileOffset() & ~0xfffL)
                    || (pageAlignedOffset == (best.fileOffset() & ~0xfffL)
                            && executableMapping != null
                            && segment.isExecutable() == executableMapping
                            && best.isExecutable() != executableMapping)) {
                best = segment;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException(path + ": no PT_LOAD segment covers file offset 0x"
                    + Long.toHexString(mappingFileOffset) + " (mapping at 0x" + Long.toHexString(mappingStart)
                    + "); expected the offset of one of the file's code or data mappings");
        }
        // Runtime address R holds file offset mappingFileOffset + (R - mappingStart), and file offset
        // p_offset + d is ELF virtual address p_vaddr + d.
        return mappingStart - mappingFileOffset + best.fileOffset() - best.virtualAddress();
    }

    public boolean hasSymtab() {
        for (ElfSection s : sections) {
            if (s.type() == ElfSection.SHT_SYMTAB && s.hasFileData()) {
                return true;
            }
        }
        return false;
    }

    /** The GNU build-id as lower-case hex, from a note section or a PT_NOTE segment. */
    public Optional<String> buildId() throws IOException {
        for (ElfSection section : sections) {
            if (section.type() == ElfSection.SHT_NOTE && section.hasFileData()) {
                Optional<String> id = buildIdIn(sectionData(section));
                if (id.isPresent()) {
                    return id;
                }
            }
        }
        for (ElfSegment segment : segments) {
            if (segment.type() == ElfSegment.PT_NOTE && segment.fileSize() > 0 && segment.fileSize() < 1 << 20) {
                Optional<String> id = buildIdIn(read(segment.fileOffset(), (int) segment.fileSize()));
                if (id.isPresent()) {
                    return id;
                }
            }
        }
        return Optional.empty();
    }

    /** Where distributions install separate debug symbols for this build-id, if that file exists. */
    public Optional<Path> separateDebugFile() throws IOException {
        Optional<String> id = buildId();
        if (id.isEmpty() || id.get().length() < 3) {
            return Optional.empty();
        }
        Path candidate =
                DEBUG_ROOT.resolve(id.get().substring(0, 2)).resolve(id.get().substring(2) + ".debug");
        return Files.isRegularFile(candidate) ? Optional.of(candidate) : Optional.empty();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static Optional<String> buildIdIn(ByteBuffer notes) {
        int position = 0;
        while (position + 12 <= notes.limit()) {
            int nameSize = notes.getInt(position);
            int descSize = notes.getInt(position + 4);
            int noteType = notes.getInt(position + 8);
            if (nameSize < 0 || descSize < 0) {
                break;
            }
            int nameStart = position + 12;
            int descStart = nameStart + align4(nameSize);
            if (descStart + descSize > notes.limit()) {
                break;
            }
            if (noteType == NT_GNU_BUILD_ID
                    && nameSize == 4
                    && ByteCursor.cStringAt(notes, nameStart).equals("GNU")) {
                byte[] desc = new byte[descSize];
                notes.get(descStart, desc);
                return Optional.of(HexFormat.of().formatHex(desc));
            }
            position = descStart + align4(descSize);
        }
        return Optional.empty();
    }

    private static int align4(int size) {
        return (size + 3) & ~3;
    }

    private List<ElfSegment> readSegments(long offset, int entrySize, int count) throws IOException {
        List<ElfSegment> result = new ArrayList<>();
        if (count == 0 || entrySize < 56) {
            return List.of();
        }
        ByteBuffer table = read(offset, entrySize * count);
        for (int i = 0; i < count; i++) {
            int base = i * entrySize;
            result.add(new ElfSegment(
                    table.getInt(base),
                    table.getInt(base + 4),
                    table.getLong(base + 8),
                    table.getLong(base + 16),
                    table.getLong(base + 32),
                    table.getLong(base + 40),
                    table.getLong(base + 48)));
        }
        return List.copyOf(result);
    }

    private List<ElfSection> readSections(long offset, int entrySize, int count, int stringIndex) throws IOException {
        if (count == 0 || entrySize < 64 || offset == 0) {
            return List.of();
        }
        ByteBuffer table = read(offset, entrySize * count);
        ByteBuffer names = null;
        if (stringIndex < count) {
            int base = stringIndex * entrySize;
            names = read(table.getLong(base + 24), (int) table.getLong(base + 32));
        }
        List<ElfSection> result = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int base = i * entrySize;
            int nameOffset = table.getInt(base);
            String name = names != null && nameOffset >= 0 && nameOffset < names.limit()
                    ? ByteCursor.cStringAt(names, nameOffset)
                    : "";
            result.add(new ElfSection(
                    i,
                    name,
                    table.getInt(base + 4),
                    table.getLong(base + 8),
                    table.getLong(base + 16),
                    table.getLong(base + 24),
                    table.getLong(base + 32),
                    table.getInt(base + 40),
                    table.getInt(base + 44),
                    table.getLong(base + 56)));
        }
        return List.copyOf(result);
    }

    private ByteBuffer read(long offset, int length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > channel.size()) {
            throw new IOException(path + ": truncated or corrupt ELF file, wanted " + length + " bytes at offset "
                    + offset + " but the file has " + channel.size());
        }
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                break;
            }
        }
        buffer.flip();
        return buffer;
    }
}
