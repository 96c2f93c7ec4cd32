package io.offcpu.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Linux thread id (what the kernel, {@code /proc} and JFR's {@code osThreadId} call a thread) of the
 * calling Java thread. {@code /proc/thread-self} links to {@code <tgid>/task/<tid>}; the JDK has no API for
 * it, and {@code /proc/<pid>/task/*}{@code /comm} would only give names cut to 15 characters.
 */
public final class KernelThreadId {
    private KernelThreadId() {}

    public static long current() {
        Path link = Path.of("/proc/thread-self");
        try {
            String target = Files.readSymbolicLink(link).toString();
            return Long.parseLong(target.substring(target.lastIndexOf('/') + 1));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot read the kernel thread id from " + link + " (Linux with /proc mounted is required)", e);
        }
    }
}
