package io.offcpu.report;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link JvmInternalThreads} on the threads of the demo's recordings (scripts/demo.sh, JDK 17 and 25) as
 * they stand in the file: Java name (null where JFR's Thread has none), kernel name, and whether any of
 * the thread's stacks holds a Java frame.
 */
class JvmInternalThreadsTest {
    private static final BlockedInterval.NamedFrame JAVA_FRAME =
            new BlockedInterval.NamedFrame("java.lang.Thread.sleep", "Interpreted", true, -1);
    private static final BlockedInterval.NamedFrame JVM_FRAME =
            new BlockedInterval.NamedFrame("CompileQueue::get", "C++", false, -1);

    private final List<BlockedInterval> recorded = new ArrayList<>();

    private ReportThread thread(long tid, String javaName, String osName, boolean javaFrames) {
        ReportThread t = new ReportThread(tid, javaName, osName);
        recorded.add(new BlockedInterval(
                0,
                t,
                "sleeping (S)",
                "futex",
                "lock",
                "",
                1,
                1,
                List.of(javaFrames ? JAVA_FRAME : JVM_FRAME),
                ReportWaker.NONE));
        return t;
    }

    @Test
    void theJvmsAndTheAgentsThreadsAreInternalTheApplicationsAreNot() {
        List<ReportThread> internal = List.of(
                // JDK 17: JVM threads without a Java name, kernel names cut at 15 characters
                thread(1, null, "C1 CompilerThre", false),
                thread(2, null, "GC Thread#0", false),
                thread(3, null, "G1 Service", false),
                thread(4, null, "VM Periodic Tas", false),
                thread(5, null, "VM Thread", false),
                thread(6, null, "JFR Recorder Th", false),
                thread(7, null, "Sweeper thread", false),
                thread(8, null, "JFR Thread Samp", false),
                // JDK 25
                thread(9, null, "JFR Sampler Thr", false),
                thread(10, null, "G1 Refine#0", false),
                // Java threads the JDK starts for itself, with Java frames
                thread(11, "Reference Handler", "Reference Handl", true),
                thread(12, "Finalizer", "Finalizer", true),
                thread(13, "Common-Cleaner", "Common-Cleaner", true),
                thread(14, "JFR Periodic Tasks", "JFR Periodic Ta", true),
                thread(15, "JFR Recorder Thread", "JFR Recorder Th", false),
                thread(16, "C2 CompilerThread0", "C2 CompilerThre", false),
                thread(17, "Signal Dispatcher", "Signal Dispatch", false),
                // the agent's own
                thread(18, "offcpu-start", "offcpu-start", true),
                thread(19, "offcpu-shutdown", "offcpu-shutdow", true),
                // the native ring drain, seen only as a waker: no Java name, no Java frame
                thread(26, null, "offcpu-drain", false),
                // a JDK Java thread recorded before the agent knew its Java name: only the kernel's name
                thread(25, null, "JFR Recorder Th", true));
        List<ReportThread> application = List.of(
                thread(20, "main", "java", true),
                thread(21, "offcpu-sleeper", "offcpu-sleeper", true),
                thread(22, "offcpu-pool-worker-3", "offcpu-pool-wor", true),
                // JDK 25: a Java thread recorded before the agent knew its name, with Java frames on its stacks
                thread(23, null, "thread 17310", true),
                // an application thread named like a JDK one, but not exactly
                thread(24, "Finalizer-2", "Finalizer-2", true));
        JvmInternalThreads rule = JvmInternalThreads.of(recorded);
        assertAll(
                () -> internal.forEach(t -> assertTrue(rule.contains(t), () -> t + " is the JVM's")),
                () -> application.forEach(t -> assertFalse(rule.contains(t), () -> t + " is the application's")));
    }
}
