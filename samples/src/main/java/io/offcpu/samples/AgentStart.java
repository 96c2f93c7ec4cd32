package io.offcpu.samples;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Holds a sample until the offcpu agent it was launched with has started recording. At {@code -javaagent} the
 * agent starts on a thread of its own so that main() is not held, and the tests count on seeing the sample's
 * blocking from its first call: so the sample waits for the agent's result property (set when its start has
 * succeeded or failed) before it starts its threads. Without the agent on the command line it does not wait.
 */
public final class AgentStart {
    /** Published by {@code io.offcpu.agent.AgentRuntime} after each agent command. */
    static final String RESULT_PROPERTY = "offcpu.result";

    private static final Duration WAIT_AT_MOST = Duration.ofSeconds(60);

    private AgentStart() {}

    public static void awaitRecording() {
        boolean withAgent = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-javaagent:") && a.contains("offcpu"));
        long deadline = System.nanoTime() + WAIT_AT_MOST.toNanos();
        while (withAgent && System.getProperty(RESULT_PROPERTY) == null && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
