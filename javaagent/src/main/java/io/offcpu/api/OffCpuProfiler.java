package io.offcpu.api;

import io.offcpu.agent.AgentRuntime;
import io.offcpu.agent.ProfilerStatus;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Drives offcpu from inside the application: start and stop recordings, write what was recorded
 * so far, ask where it stands. Options are the agent's ({@code file=app.jfr,threshold=1ms}, see
 * README). Works whether or not the JVM started with {@code -javaagent}; offcpu.jar must be on the
 * class path (it is, once the agent is loaded).
 */
public final class OffCpuProfiler {
    private OffCpuProfiler() {}

    /** Starts recording; fails if a recording runs or eBPF cannot be loaded (the message says why). */
    public static ProfilerStatus start(String options) throws IOException {
        return AgentRuntime.start(options);
    }

    /** Stops recording and writes the file; the returned status names it. */
    public static ProfilerStatus stop() throws IOException {
        return AgentRuntime.stop();
    }

    /** Writes what was recorded so far to {@code file}; recording goes on. */
    public static ProfilerStatus dump(Path file) throws IOException {
        return AgentRuntime.dump(file);
    }

    public static ProfilerStatus status() {
        return AgentRuntime.status();
    }

    /** Registers the {@link OffCpuProfilerMXBean} as {@value OffCpuProfilerMXBean#OBJECT_NAME}. */
    public static void registerMXBean() {
        io.offcpu.agent.OffCpuProfilerMXBeanRegistration.register();
    }
}
