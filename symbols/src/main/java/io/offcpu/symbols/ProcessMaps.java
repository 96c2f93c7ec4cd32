package io.offcpu.symbols;

import io.offcpu.jni.MapsCodeHash;
import io.offcpu.util.SortedArrays;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The memory mappings of a process, parsed from {@code /proc/<pid>/maps}. Immutable; {@link #refresh()}
 * re-reads the source and returns this same instance while its code mappings are the same, so an agent
 * can poll it cheaply to notice libraries loaded later with {@code dlopen}.
 */
public final class ProcessMaps {
    private final Path source;
    /** Shared by the instances one refreshes into; they are read by one thread at a time. */
    private final ProcFileBuffer buffer;

    private final List<MemoryMapping> mappings;
    private final long[] starts;
    private final int codeHash;

    private ProcessMaps(Path source, ProcFileBuffer buffer, List<MemoryMapping> mappings, int codeHash) {
        this.source = source;
        this.buffer = buffer;
        List<MemoryMapping> sorted = new ArrayList<>(mappings);
        sorted.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        this.mappings = List.copyOf(sorted);
        this.starts = new long[sorted.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = sorted.get(i).start();
        }
        this.codeHash = codeHash;
    }

    public static ProcessMaps ofPid(int pid) throws IOException {
        return read(Path.of("/proc", Integer.toString(pid), "maps"));
    }

    public static ProcessMaps ofSelf() throws IOException {
        return read(Path.of("/proc/self/maps"));
    }

    public static ProcessMaps read(Path mapsFile) throws IOException {
        ProcFileBuffer buffer = new ProcFileBuffer();
        buffer.read(mapsFile);
        return new ProcessMaps(
                mapsFile, buffer, parseLines(buffer.text()), MapsCodeHash.of(buffer.bytes(), buffer.length()));
    }

    /** Parses maps text that did not come from a file (tests, saved snapshots); {@link #refresh()} then returns this. */
    public static ProcessMaps parse(String text) {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        return new ProcessMaps(null, null, parseLines(text), MapsCodeHash.of(content, content.length));
    }

    /**
     * Re-reads the source file and returns a new instance only if a file mapped with {@code x} permission
     * (a library's code) changed: a JVM maps and unmaps anonymous memory all the time (heap regions,
     * thread stacks, malloc arenas, and its code cache, which grows as the JIT compiles), and reparsing a
     * few hundred lines every time made the parser one of the methods C2 spent most time on at start-up.
     * So in an instance kept through refreshes, anonymous mappings may be out of date; the code of files,
     * and the other mappings of those files at the time they appeared, are not.
     * Reads into the buffer the instances of one source share: call it from one thread at a time.
     *
     * @throws IOException when the process is gone
     */
    public ProcessMaps refresh() throws IOException {
        if (source == null) {
            return this;
        }
        buffer.read(source);
        int hash = MapsCodeHash.of(buffer.bytes(), buffer.length());
        if (hash == codeHash) {
            return this;
        }
        return new ProcessMaps(source, buffer, parseLines(buffer.text()), hash);
    }

    /** All mappings in address order. */
    public List<MemoryMapping> mappings() {
        return mappings;
    }

    /** Executable mappings of regular files: the ones whose ELF files hold symbols and unwind tables. */
    public List<MemoryMapping> executableFileMappings() {
        List<MemoryMapping> result = new ArrayList<>();
        for (MemoryMapping m : mappings) {
            if (m.isExecutable() && m.isFileBacked()) {
                result.add(m);
            }
        }
        return Collections.unmodifiableList(result);
    }

    /** The mapping containing {@code address}, by binary search. */
    public Optional<MemoryMapping> find(long address) {
        return Optional.ofNullable(mappingAt(address));
    }

    /** The mapping containing {@code address}, or null: for lookups per frame, which allocate nothing. */
    public MemoryMapping mappingAt(long address) {
        int candidate = SortedArrays.floorUnsigned(starts, starts.length, address);
        if (candidate < 0 || !mappings.get(candidate).contains(address)) {
            return null;
        }
        return mappings.get(candidate);
    }

    /**
     * The lowest mapping of the same file as {@code mapping}: for ELF files it maps file offset 0, which
     * is where the ELF header and the first PT_LOAD live.
     */
    public Optional<MemoryMapping> firstMappingOf(MemoryMapping mapping) {
        for (MemoryMapping m : mappings) {
            if (m.inode() == mapping.inode()
                    && m.device().equals(mapping.device())
                    && m.path().equals(mapping.path())) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    static List<MemoryMapping> parseLines(String text) {
        List<MemoryMapping> result = new ArrayList<>();
        int lineNumber = 0;
        for (String line : text.split("\n")) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            result.add(parseLine(line, lineNumber));
        }
        return result;
    }

    /** Format (proc(5)): {@code start-end perms offset major:minor inode   path}; the path may contain spaces. */
    static MemoryMapping parseLine(String line, int lineNumber) {
        int[] fieldStarts = new int[6];
        int field = 0;
        int i = 0;
        int n = line.length();
        while (field < 6 && i < n) {
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            if (i >= n) {
                break;
            }
            fieldStarts[field++] = i;
            if (field == 6) {
                break;
            }
            while (i < n && line.charAt(i) != ' ') {
                i++;
            }
        }
        if (field < 5) {
            throw new IllegalArgumentException("maps line " + lineNumber + " has " + field
                    + " fields, expected 'start-end perms offset dev inode [path]': '" + line + "'");
        }
        try {
            String range = token(line, fieldStarts[0]);
            int dash = range.indexOf('-');
            long start = Long.parseUnsignedLong(range.substring(0, dash), 16);
            long end = Long.parseUnsignedLong(range.substring(dash + 1), 16);
            String perms = token(line, fieldStarts[1]);
            long offset = Long.parseUnsignedLong(token(line, fieldStarts[2]), 16);
            String device = token(line, fieldStarts[3]);
            long inode = Long.parseLong(token(line, fieldStarts[4]));
            String path = field == 6 ? line.substring(fieldStarts[5]) : "";
            return new MemoryMapping(start, end, perms, offset, device, inode, path);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "maps line " + lineNumber
                            + " is not 'start-end perms offset dev inode [path]' with hex addresses: '" + line + "'",
                    e);
        }
    }

    private static String token(String line, int from) {
        int end = line.indexOf(' ', from);
        return end < 0 ? line.substring(from) : line.substring(from, end);
    }
}
