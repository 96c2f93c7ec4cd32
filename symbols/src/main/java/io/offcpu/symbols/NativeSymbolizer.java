package io.offcpu.symbols;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves runtime addresses of one process to {@link NativeSymbol}s using its maps and the ELF symbol tables
 * of the mapped files. Not thread-safe (one consumer thread per process); the {@link ElfSymbolCache} may be
 * shared. {@link #close} frees the cache's native tables.
 */
public final class NativeSymbolizer implements AutoCloseable {
    private final int pid;
    private final ElfSymbolCache cache;
    private ProcessMaps maps;
    /**
     * Per mapping of the current maps, its file's symbols and load bias, found once: finding them builds paths
     * and asks the file system, which per new address (a thread preempted in native code stops at a new one
     * each time) was most of what symbolizing it allocated in the profiled JVM's heap.
     */
    private final Map<MemoryMapping, FileSymbols> byMapping = new IdentityHashMap<>();

    /** A file-backed mapping's symbols and load bias; {@code entry} null when the file could not be used. */
    private record FileSymbols(ElfSymbolCache.Entry entry, long loadBias) {}

    /**
     * @param pid the process whose files are opened through {@code /proc/<pid>/root} (so containers work), or
     *            0 to open the paths in the maps as they are (tests, the current process)
     */
    public NativeSymbolizer(int pid, ProcessMaps maps, ElfSymbolCache cache) {
        this.pid = pid;
        this.maps = maps;
        this.cache = cache;
    }

    public static NativeSymbolizer forPid(int pid) throws IOException {
        return new NativeSymbolizer(pid, ProcessMaps.ofPid(pid), new ElfSymbolCache());
    }

    public ProcessMaps maps() {
        return maps;
    }

    /**
     * Re-reads the maps if they changed (a library loaded with dlopen); cached symbol tables stay.
     *
     * @return true if the maps changed
     */
    public boolean refresh() throws IOException {
        ProcessMaps refreshed = maps.refresh();
        boolean changed = refreshed != maps;
        if (changed) {
            byMapping.clear();
        }
        maps = refreshed;
        return changed;
    }

    /**
     * The library and function at {@code address}; empty when no mapping contains it (e.g. JIT code, which is
     * in anonymous memory and resolved from the code map instead).
     */
    public Optional<NativeSymbol> symbolize(long address) {
        Optional<MemoryMapping> found = maps.find(address);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MemoryMapping mapping = found.get();
        if (!mapping.isFileBacked()) {
            String name = mapping.path().isEmpty() ? "[anon]" : mapping.path();
            return Optional.of(new NativeSymbol(name, null, address - mapping.start()));
        }
        FileSymbols file = byMapping.get(mapping);
        if (file == null) {
            file = fileSymbols(mapping);
            byMapping.put(mapping, file);
        }
        if (file.entry() == null) {
            // Unreadable or non-ELF file: still name the library, with the offset in the file.
            return Optional.of(
                    new NativeSymbol(mapping.fileName(), null, address - mapping.start() + mapping.fileOffset()));
        }
        long elfAddress = address - file.loadBias();
        FunctionTable.Hit hit = file.entry().functions().lookup(elfAddress);
        if (hit == null) {
            return Optional.of(new NativeSymbol(mapping.fileName(), null, elfAddress));
        }
        return Optional.of(new NativeSymbol(mapping.fileName(), hit.name(), hit.offset()));
    }

    private FileSymbols fileSymbols(MemoryMapping mapping) {
        try {
            ElfSymbolCache.Entry entry = cache.get(mapping, fileOf(mapping));
            return new FileSymbols(entry, entry.loadBias(mapping));
        } catch (IllegalArgumentException e) {
            return new FileSymbols(null, 0);
        }
    }

    /** The file to open for a mapping: through the process's root, or its map_files entry if it was deleted. */
    Path fileOf(MemoryMapping mapping) {
        if (pid <= 0) {
            return Path.of(mapping.filePath());
        }
        Path proc = Path.of("/proc", Integer.toString(pid));
        if (mapping.isDeleted()) {
            return proc.resolve("map_files")
                    .resolve(Long.toHexString(mapping.start()) + "-" + Long.toHexString(mapping.end()));
        }
        Path viaRoot = proc.resolve("root").resolve(mapping.filePath().substring(1));
        return Files.exists(viaRoot) ? viaRoot : Path.of(mapping.filePath());
    }

    /** Frees the symbol tables of the cache (in native memory); symbolizing afterwards reloads them. */
    @Override
    public void close() {
        byMapping.clear();
        cache.close();
    }
}
