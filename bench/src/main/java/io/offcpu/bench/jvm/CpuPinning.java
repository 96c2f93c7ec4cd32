package io.offcpu.bench.jvm;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The {@code taskset -c <cpus>} prefix that pins a child process, or nothing when unpinned. */
public final class CpuPinning {
    /** The value that leaves a process unpinned. */
    public static final String NONE = "none";

    private CpuPinning() {}

    /**
     * The command prefix for the CPU list {@code cpus} ({@code 0}, {@code 1}, {@code 0-1}) or {@link #NONE};
     * empty (with a line saying so) when {@code taskset} is not on the PATH.
     */
    public static List<String> prefix(String cpus) {
        if (cpus.equals(NONE)) {
            return List.of();
        }
        Path taskset = findOnPath("taskset");
        if (taskset == null) {
            System.out.println("taskset not found on PATH: running unpinned");
            return List.of();
        }
        return List.of(taskset.toString(), "-c", cpus);
    }

    public static Path findOnPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator))
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
    }
}
