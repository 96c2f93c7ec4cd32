package io.offcpu.agent;

import java.lang.instrument.Instrumentation;

/**
 * Entry point for {@code -javaagent:offcpu.jar[=options]} and for dynamic attach. Does almost
 * nothing itself and never lets a failure reach the application: any problem is one line on
 * stderr, and the application runs on unprofiled.
 */
public final class OffCpuAgent {
    private OffCpuAgent() {}

    /**
     * Returns at once: the recording starts on a daemon thread, so the application's main() is not held
     * while the kernel side loads and the unwind tables are built.
     */
    public static void premain(String arguments, Instrumentation instrumentation) {
        HiddenClassNames.useInstrumentation(instrumentation);
        AgentRuntime.runAgentCommandInBackground(arguments);
    }

    /**
     * Attach: {@code start,OPTIONS}, {@code stop}, {@code status} or {@code dump=PATH}. Synchronous: the CLI
     * reads the command's result when this returns, and no application start-up waits on it.
     */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        HiddenClassNames.useInstrumentation(instrumentation);
        AgentRuntime.runAgentCommand(arguments);
        OffCpuProfilerMXBeanRegistration.registerQuietly();
    }
}
