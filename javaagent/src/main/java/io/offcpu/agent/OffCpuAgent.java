package io.offcpu.agent;

import java.lang.instrument.Instrumentation;

/**
 * Entry point for {@code -javaagent:offcpu.jar[=options]} and for dynamic attach. Does almost
 * nothing itself and never lets a failure reach the application: any problem is one line on
 * stderr, and the application runs on unprofiled.
 */
public final class OffCpuAgent {
    private OffCpuAgent() {}

    public static void premain(String arguments, Instrumentation instrumentation) {
        AgentRuntime.runAgentCommand(arguments);
    }

    /** Attach: {@code start,OPTIONS}, {@code stop}, {@code status} or {@code dump=PATH}. */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        AgentRuntime.runAgentCommand(arguments);
        OffCpuProfilerMXBeanRegistration.registerQuietly();
    }
}
