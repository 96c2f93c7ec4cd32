package io.offcpu.symbols;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Function tables and load layouts of ELF files, keyed by (path, device, inode) so that re-reading a process's
 * maps, or symbolizing several processes that map the same libraries, never re-reads a file. Thread-safe.
 */
public final class ElfSymbolCache {
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

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

    private record Key(String path, String device, long inode) {}

    /**
     * The cached entry for the mapping's file, loading it from {@code openPath} (which may differ from the
     * mapping's path, e.g. {@code /proc/<pid>/root/...} for a process in a container).
     */
    Entry get(MemoryMapping mapping, Path openPath) {
        Key key = new Key(mapping.path(), mapping.device(), mapping.inode());
        Entry entry = entries.get(key);
        if (entry == null) {
            try {
                entry = load(openPath);
            } catch (IOException e) {
                entry = new Entry(openPath.toString(), -1, List.of(), FunctionTable.of(List.of()), e.getMessage());
            }
            entries.put(key, entry);
        }
        return entry;
    }

    public int size() {
        return entries.size();
    }

    public void clear() {
        entries.clear();
    }

    static Entry load(Path path) throws IOException {
        try (ElfFile elf = ElfFile.open(path)) {
            FunctionTable.Builder symbols = new FunctionTable.Builder();
            elf.addFunctionSymbols(symbols);
            // Distribution libraries are stripped to .dynsym; their .symtab (static functions such as
            // glibc's __futex_abstimed_wait_common) lives in a debug file found by build-id.
            if (!elf.hasSymtab()) {
                var debugFile = elf.separateDebugFile();
                if (debugFile.isPresent()) {
                    try (ElfFile debug = ElfFile.open(debugFile.get())) {
                        debug.addFunctionSymbols(symbols);
                    } catch (IOException e) {
                        // A broken debug file only costs names; the .dynsym names still work.
                    }
                }
            }
            return new Entry(path.toString(), elf.type(), elf.segments(), symbols.build(), null);
        }
    }
}
