package io.offcpu.agent;

import io.offcpu.jni.KernelContract;
import io.offcpu.jni.MappingTable;
import io.offcpu.jni.OffCpuBpf;
import io.offcpu.symbols.ElfFile;
import io.offcpu.symbols.MemoryMapping;
import io.offcpu.symbols.ProcessMaps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives the BPF user-stack walker what it needs to step through this process's code: the sorted
 * executable mappings and, for every mapped ELF file, its .eh_frame unwind rows (so libraries
 * built without frame pointers, glibc first, are walked exactly). Refreshed whenever the process
 * maps change (libraries loaded later by dlopen, such as libnio). A file's rows are written once, built
 * and written by the JNI library ({@link OffCpuBpf#loadUnwindRows}) so that none pass through the Java heap.
 */
final class UnwindTableLoader {
    private record FileKey(String path, long inode) {
        // Written out, as the generated ones bootstrap through invokedynamic on first use (start-up cost).
        @Override
        public boolean equals(Object o) {
            return o instanceof FileKey k && inode == k.inode && path.equals(k.path);
        }

        @Override
        public int hashCode() {
            return 31 * path.hashCode() + Long.hashCode(inode);
        }
    }

    private record Slot(int firstRow, int rowCount) {}

    private record Placement(long bias, Slot slot) {}

    private final OffCpuBpf bpf;
    private final long pid;
    private final Map<FileKey, Slot> slots = new HashMap<>();
    /** Per mapping seen (address, offset and file): the same mapping needs no second look at its file. */
    private final Map<MemoryMapping, Placement> placements = new HashMap<>();

    private int nextRow;
    private ProcessMaps maps;
    private List<MemoryMapping> executableMappings;
    private final List<String> problems = new ArrayList<>();

    UnwindTableLoader(OffCpuBpf bpf, long pid) {
        this.bpf = bpf;
        this.pid = pid;
    }

    /**
     * Rereads /proc/pid/maps and updates the kernel side if the executable file mappings changed; true
     * when they did. A JVM's anonymous memory (heap, thread stacks, malloc arenas) changes its maps
     * all the time; that needs neither new tables nor new names for native frames.
     */
    boolean refresh() throws IOException {
        ProcessMaps current = maps == null ? ProcessMaps.ofPid((int) pid) : maps.refresh();
        if (current == maps) {
            return false;
        }
        maps = current;
        // Already in address order: ProcessMaps keeps its mappings sorted by start.
        List<MemoryMapping> executable = current.executableFileMappings();
        if (executable.equals(executableMappings)) {
            return false;
        }
        executableMappings = executable;
        int count = Math.min(executable.size(), KernelContract.MAX_MAPPINGS);
        MappingTable table = new MappingTable(count);
        for (int i = 0; i < count; i++) {
            MemoryMapping m = executable.get(i);
            Placement placement = placements.computeIfAbsent(m, this::place);
            table.put(
                    i,
                    m.start(),
                    m.end(),
                    placement.bias(),
                    placement.slot().firstRow(),
                    placement.slot().rowCount());
        }
        bpf.writeMappings(table);
        return true;
    }

    /** A mapping's load bias and its file's rows, reading the file only the first time. */
    private Placement place(MemoryMapping m) {
        try (ElfFile elf = ElfFile.open(Path.of(m.filePath()))) {
            long bias = elf.loadBias(m);
            return new Placement(bias, slots.computeIfAbsent(new FileKey(m.filePath(), m.inode()), k -> load(elf)));
        } catch (IOException | RuntimeException e) {
            problems.add(m.filePath() + ": " + e.getMessage()); // walked by frame pointers
            return new Placement(0, new Slot(0, 0));
        }
    }

    List<String> problems() {
        return problems;
    }

    private Slot load(ElfFile elf) {
        try {
            int rows = bpf.loadUnwindRows(elf.path().toString(), nextRow);
            if (rows == 0) {
                return new Slot(0, 0);
            }
            Slot slot = new Slot(nextRow, rows);
            nextRow += rows;
            return slot;
        } catch (IOException e) {
            problems.add(elf.path() + ": " + e.getMessage());
            return new Slot(0, 0);
        }
    }
}
