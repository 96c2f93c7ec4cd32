package io.offcpu.bench.jvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * CPU time of a process or of some of its threads, from {@code /proc/<pid>/stat} and
 * {@code /proc/<pid>/task/<tid>/stat}: {@code utime + stime}.
 */
public final class ProcCpu {
    /** The unit of utime and stime: USER_HZ, which Linux fixes at 100 for every user-visible interface. */
    private static final double TICKS_PER_SECOND = 100;
    /** Fields after the ")" that ends comm: state is field 3 of proc(5), so utime (14) is at index 11. */
    private static final int UTIME_INDEX = 14 - 3;

    private static final int STIME_INDEX = 15 - 3;

    private ProcCpu() {}

    /** User plus system CPU seconds of the whole process so far. */
    public static double processSeconds(long pid) throws IOException {
        return secondsOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /**
     * CPU seconds of the process's live threads whose kernel name ({@code comm}, the Java name cut to 15
     * characters) starts with {@code prefix}.
     */
    public static double threadSeconds(long pid, String prefix) throws IOException {
        double seconds = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(task.resolve("comm")).startsWith(prefix)) {
                        seconds += secondsOf(Files.readString(task.resolve("stat")));
                    }
                } catch (NoSuchFileException exited) {
                    // a thread that ended between list and read
                }
            }
        }
        return seconds;
    }

    static double secondsOf(String stat) {
        // comm may hold spaces and parentheses: the fields start after the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long ticks = Long.parseLong(fields[UTIME_INDEX]) + Long.parseLong(fields[STIME_INDEX]);
        return ticks / TICKS_PER_SECOND;
    }
}
