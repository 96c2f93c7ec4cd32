package io.offcpu.bench.jvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory of a process from {@code /proc/<pid>/status}: {@code VmRSS} (resident now) and {@code VmHWM} (the
 * most it was resident), in KiB as the kernel prints them.
 */
public record ProcStatus(long rssKb, long hwmKb) {
    public static ProcStatus read(long pid) throws IOException {
        return parse(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    }

    static ProcStatus parse(String status) {
        return new ProcStatus(kb(status, "VmRSS:"), kb(status, "VmHWM:"));
    }

    /** The value of a {@code Name:   1234 kB} line. */
    private static long kb(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name)) {
                String[] words = line.substring(name.length()).trim().split("\\s+");
                return Long.parseLong(words[0]);
            }
        }
        throw new IllegalArgumentException("no " + name + " line in /proc/<pid>/status");
    }

    public double rssMb() {
        return rssKb / 1024.0;
    }

    public double hwmMb() {
        return hwmKb / 1024.0;
    }
}
