package io.offcpu.it;

import java.util.Map;

/** x86_64 system call numbers of the calls our samples block in, as {@code /proc/<pid>/task/<tid>/syscall} shows them. */
public final class LinuxSyscalls {
    private static final Map<Integer, String> X86_64_NAMES = Map.of(
            0, "read",
            7, "poll",
            35, "nanosleep",
            45, "recvfrom",
            47, "recvmsg",
            74, "fsync",
            75, "fdatasync",
            202, "futex",
            230, "clock_nanosleep",
            271, "ppoll");

    private LinuxSyscalls() {}

    public static boolean isX86_64() {
        String arch = System.getProperty("os.arch");
        return "amd64".equals(arch) || "x86_64".equals(arch);
    }

    /** The name of an x86_64 syscall number, or {@code "syscall <n>"} for ones the samples do not use. */
    public static String name(int number) {
        return X86_64_NAMES.getOrDefault(number, "syscall " + number);
    }
}
