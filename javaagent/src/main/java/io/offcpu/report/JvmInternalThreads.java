package io.offcpu.report;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which threads of a recording are the JVM's own rather than the application's — GC, JIT compiler, JFR,
 * VM and service threads, and the agent's own threads — so the report can lead with the application and
 * show these as one group ({@code --all-threads} shows them one by one).
 *
 * <p>The rule, from what the file holds: a thread with a Java name is internal when that name is one the
 * JDK gives its own threads ({@code Reference Handler}, {@code C2 CompilerThread0}, {@code JFR Periodic
 * Tasks}, ...) or one of the agent's; a thread without a Java name (JFR's {@code javaName} is null for
 * threads the JVM does not run as application Java threads: {@code GC Thread#0}, {@code VM Thread},
 * {@code G1 Service}, compiler threads) is internal unless one of its stacks in the recording holds a Java
 * frame — then it is a Java thread whose name was not known when it was recorded.
 */
final class JvmInternalThreads {
    static final String GROUP_LABEL = "JVM internal threads";

    /** Names HotSpot and the JDK (17, 25) give the Java threads they start for themselves. */
    private static final Set<String> JDK_THREAD_NAMES = Set.of(
            "Reference Handler",
            "Finalizer",
            "Signal Dispatcher",
            "Common-Cleaner",
            "Notification Thread",
            "Attach Listener",
            "Service Thread",
            "Monitor Deflation Thread",
            "Sweeper thread",
            "JFR Recorder Thread",
            "JFR Periodic Tasks",
            "JFR Shutdown Hook");

    private static final Pattern COMPILER_THREAD = Pattern.compile("C[12] CompilerThread\\d+");
    /** The agent's own threads (EpisodeConsumer, CodeEventPump, AgentRuntime). */
    private static final Set<String> AGENT_THREAD_NAMES =
            Set.of("offcpu-consumer", "offcpu-codemap", "offcpu-start", "offcpu-shutdown");

    private static final int KERNEL_NAME_CHARS = 15;

    private final Set<Long> tidsWithJavaFrames;

    private JvmInternalThreads(Set<Long> tidsWithJavaFrames) {
        this.tidsWithJavaFrames = tidsWithJavaFrames;
    }

    /** @param all every off-CPU event of the recording, whatever the report selects: the facts about its threads */
    static JvmInternalThreads of(List<BlockedInterval> all) {
        Set<Long> withJava = new HashSet<>();
        for (BlockedInterval i : all) {
            if (i.frames().stream().anyMatch(BlockedInterval.NamedFrame::javaMethod)) {
                withJava.add(i.thread().osThreadId());
            }
        }
        return new JvmInternalThreads(withJava);
    }

    /** The report's one row for {@code threads} of them. */
    static String rowLabel(long threads) {
        return GROUP_LABEL + " (" + threads + (threads == 1 ? " thread" : " threads")
                + ": GC, JIT compiler, JFR, VM, service threads, the agent's; --all-threads shows them one by one)";
    }

    boolean contains(ReportThread thread) {
        String name = thread.javaName();
        if (name != null && !name.isEmpty()) {
            return JDK_THREAD_NAMES.contains(name)
                    || COMPILER_THREAD.matcher(name).matches()
                    || AGENT_THREAD_NAMES.contains(name);
        }
        String osName = thread.osName();
        if (osName != null && isTruncatedJvmName(osName)) {
            return true; // a JVM thread seen before the agent knew its Java name: the kernel's 15-char name
        }
        return !tidsWithJavaFrames.contains(thread.osThreadId());
    }

    /** Linux keeps a thread's name in 15 characters ({@code TASK_COMM_LEN}): "JFR Recorder Th". */
    private static boolean isTruncatedJvmName(String osName) {
        return osName.length() == KERNEL_NAME_CHARS
                && (osName.startsWith("C1 CompilerThre")
                        || osName.startsWith("C2 CompilerThre")
                        || JDK_THREAD_NAMES.stream()
                                .anyMatch(n -> n.length() > KERNEL_NAME_CHARS && n.startsWith(osName))
                        || AGENT_THREAD_NAMES.contains(osName));
    }
}
