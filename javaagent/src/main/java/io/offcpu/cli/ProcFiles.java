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
        String[] ids = statusField(pid, "Uid:");
        return ids == null ? -1 : Long.parseLong(ids[0]);
    }

    /** The innermost pid of NSpid in /proc/PID/status (the pid itself outside containers, or when unreadable). */
    static long namespacePid(long pid) {
        String[] pids = statusField(pid, "NSpid:");
        return pids == null ? pid : Long.parseLong(pids[pids.length - 1]);
    }

    /** The values of a /proc/PID/status line, split at whitespace; null when unreadable or absent. */
    private static String[] statusField(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(name)) {
                    String[] values = line.substring(name.length()).strip().split("\\s+");
                    for (String v : values) {
                        Long.parseLong(v); // a field of numbers, whole, or none
                    }
                    return values;
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable: unknown
        }
        return null;
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
