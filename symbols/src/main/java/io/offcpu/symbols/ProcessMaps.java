package io.offcpu.symbols;

import io.offcpu.util.SortedArrays;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The memory mappings of a process, parsed from {@code /proc/<pid>/maps}. Immutable; {@link #refresh()}
 * re-reads the source and returns this same instance when nothing changed, so an agent can poll it
 * cheaply to notice libraries loaded later with {@code dlopen}.
 */
public final class ProcessMaps {
    private final Path source;
    private final List<MemoryMapping> mappings;
    private final long[] starts;
    private final int contentHash;

    private ProcessMaps(Path source, List<MemoryMapping> mappings, int contentHash) {
        this.source = source;
        List<MemoryMapping> sorted = new ArrayList<>(mappings);
        sorted.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        this.mappings = List.copyOf(sorted);
        this.starts = sorted.stream().mapToLong(MemoryMapping::start).toArray();
        this.contentHash = contentHash;
    }

    public static ProcessMaps ofPid(int pid) throws IOException {
        return read(Path.of("/proc", Integer.toString(pid), "maps"));
    }

    public static ProcessMaps ofSelf() throws IOException {
        return read(Path.of("/proc/self/maps"));
    }

    public static ProcessMaps read(Path mapsFile) throws IOException {
        byte[] content = Files.readAllBytes(mapsFile);
        return new ProcessMaps(mapsFile, parseLines(new String(content, StandardCharsets.UTF_8)),
                Arrays.hashCode(content));
    }

    /** Parses maps text that did not come from a file (tests, saved snapshots); {@link #refresh()} then returns this. */
    public static ProcessMaps parse(String text) {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        return new ProcessMaps(null, parseLines(text), Arrays.hashCode(content));
    }

    /**
     * Re-reads the source file and returns a new instance only if its content changed. Reading
     * {@code /proc/<pid>/maps} of a JVM (a few hundred lines) costs tens of microseconds; the parse is
     * skipped when the bytes hash the same.
     *
     * @throws IOException when the process is gone
     */
    public ProcessMaps refresh() throws IOException {
        if (source == null) {
            return this;
        }
        byte[] content = Files.readAllBytes(source);
        int hash = Arrays.hashCode(content);
        if (hash == contentHash) {
            return this;
        }
        return new ProcessMaps(source, parseLines(new String(content, StandardCharsets.UTF_8)), hash);
    }

    /** All mappings in address order. */
    public List<MemoryMapping> mappings() {
        return mappings;
    }

    /** Executable mappings of regular files: the ones whose ELF files hold symbols and unwind tables. */
    public List<MemoryMapping> executableFileMappings() {
        return mappings.stream().filter(m -> m.isExecutable() && m.isFileBacked()).toList();
    }

    /** The mapping containing {@code address}, by binary search. */
    public Optional<MemoryMapping> find(long address) {
        int candidate = SortedArrays.floorUnsigned(starts, starts.length, address);
        if (candidate < 0 || !mappings.get(candidate).contains(address)) {
            return Optional.empty();
        }
        return Optional.of(mappings.get(candidate));
    }

    /**
     * The lowest mapping of the same file as {@code mapping}: for ELF files it maps file offset 0, which
     * is where the ELF header and the first PT_LOAD live.
     */
    public Optional<MemoryMapping> firstMappingOf(MemoryMapping mapping) {
        return mappings.stream()
                .filter(m -> m.inode() == mapping.inode() && m.device().equals(mapping.device())
                        && m.path().equals(mapping.path()))
                .findFirst();
    }

    /** A hash of the raw text; equal hashes mean the maps did not change (barring collisions). */
    public int contentHash() {
        return contentHash;
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
            throw new IllegalArgumentException("maps line " + lineNumber
                    + " is not 'start-end perms offset dev inode [path]' with hex addresses: '" + line + "'", e);
        }
    }

    private static String token(String line, int from) {
        int end = line.indexOf(' ', from);
        return end < 0 ? line.substring(from) : line.substring(from, end);
    }
}
