package io.offcpu.symbols;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Function tables and load layouts of ELF files, keyed by (path, device, inode) so that re-reading a process's
 * maps, or symbolizing several processes that map the same libraries, never re-reads a file. Thread-safe. The
 * tables live in native memory: {@link #clear} and {@link #close} free them.
 */
public final class ElfSymbolCache implements AutoCloseable {
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    /** Once closed, files are no longer loaded: a late lookup must not leave a table nobody frees. */
    private volatile boolean closed;

    /**
     * What the symbolizer keeps of one ELF file after closing it. A file that could not be read is cached too
     * (no segments, {@code problem} set), so a broken file costs one attempt, not one per frame.
     */
    record Entry(String path, int type, List<ElfSegment> segments, FunctionTable functions, String problem) {
        long loadBias(MemoryMapping mapping) {
            return ElfFile.loadBias(
                    Path.of(path), type, segments, mapping.start(), mapping.fileOffset(), mapping.isExecutable());
        }
    }

    private record Key(String path, String device, long inode) {
        // Written out, as the generated ones bootstrap through invokedynamic on first use (start-up cost).
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && inode == k.inode && path.equals(k.path) && device.equals(k.device);
        }

        @Override
        public int hashCode() {
            return (31 * path.hashCode() + device.hashCode()) * 31 + Long.hashCode(inode);
        }
    }

    /**
     * The cached entry for the mapping's file, loading it from {@code openPath} (which may differ from the
     * mapping's path, e.g. {@code /proc/<pid>/root/...} for a process in a container).
     */
    Entry get(MemoryMapping mapping, Path openPath) {
        if (closed) {
            return new Entry(openPath.toString(), -1, List.of(), FunctionTable.EMPTY, "symbol cache closed");
        }
        // computeIfAbsent: two threads loading one file at once would leave one native table unowned.
        return entries.computeIfAbsent(new Key(mapping.path(), mapping.device(), mapping.inode()), k -> {
            try {
                return load(openPath);
            } catch (IOException e) {
                return new Entry(openPath.toString(), -1, List.of(), FunctionTable.EMPTY, e.getMessage());
            }
        });
    }

    public int size() {
        return entries.size();
    }

    /** Forgets every file and frees its table. */
    public void clear() {
        for (Key key : List.copyOf(entries.keySet())) {
            Entry entry = entries.remove(key);
            if (entry != null) {
                entry.functions().close();
            }
        }
    }

    /** Frees every table; files asked for afterwards are not loaded. */
    @Override
    public void close() {
        closed = true;
        clear();
    }

    static Entry load(Path path) throws IOException {
        try (ElfFile elf = ElfFile.open(path)) {
            // Distribution libraries are stripped to .dynsym; their .symtab (static functions such as
            // glibc's __futex_abstimed_wait_common) lives in a debug file found by build-id.
            Path debugFile = elf.hasSymtab() ? null : elf.separateDebugFile().orElse(null);
            return new Entry(path.toString(), elf.type(), elf.segments(), FunctionTable.read(path, debugFile), null);
        }
    }
}
