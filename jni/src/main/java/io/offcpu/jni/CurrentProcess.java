package io.offcpu.jni;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's id, as /proc names it. Not {@code ProcessHandle.current()}: its class initializer sets up the
 * JDK's process reaper (an executor, its queue and locks, ~40 classes outside the JDK's shared archive), start-up
 * CPU of the profiled JVM for a number the agent uses only to name /proc files and its own files.
 */
public final class CurrentProcess {
    private static final long PID = readPid();

    private CurrentProcess() {}

    public static long pid() {
        return PID;
    }

    /** /proc/self is a symlink to /proc/&lt;pid&gt; (proc(5)); ProcessHandle when /proc is not there. */
    private static long readPid() {
        try {
            return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.current().pid();
        }
    }
}
