package io.offcpu.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What /proc tells of another process, for explaining attach failures. */
final class ProcFiles {
    private ProcFiles() {}

    static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"))).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** The real uid from /proc/PID/status, or -1 when unreadable. */
    static long uid(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).strip().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable: unknown
        }
        return -1;
    }

    static boolean mapsLibjvm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "maps"))
                    .contains("/libjvm.so");
        } catch (IOException e) {
            return true; // cannot tell: let the attach error speak
        }
    }

    static String executable(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe"))
                    .toString();
        } catch (IOException e) {
            return "executable unknown";
        }
    }
}
