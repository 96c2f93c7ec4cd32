package io.offcpu.agent;

import io.offcpu.jfr.Frame;
import io.offcpu.jfr.FrameType;
import java.util.List;
import java.util.Optional;

/**
 * Recognizes a thread waiting for work — a pool worker with an empty queue, a JVM service thread
 * between tasks — from the frames of its futex wait, for {@link ReasonClassifier}. Such a wait
 * costs the application nothing, unlike a wait for a lock another thread holds, so it gets its own
 * reason ({@code idle}) rather than {@code lock}.
 *
 * <p>The rule, innermost frame first: step over the wait primitives (a HotSpot monitor, semaphore,
 * event or parker, a Java park or {@code Object.wait}); the first frame above them decides. A JVM
 * (C++) frame is idle when it is one of the JVM's own wait-for-work loops. Java frames are read
 * outwards while they are JDK code: idle when one of them is a JDK wait-for-work method, not idle
 * at the first frame of the application — a task that blocks on a queue or lock of its own inside
 * a pool is the application waiting, even though {@code ThreadPoolExecutor.runWorker} is further out.
 * The names are the ones HotSpot 17 and 25 show on the stacks of those threads (recorded-episodes.txt).
 */
final class IdleWaits {

    /** {class, method} of HotSpot's wait primitives and of the entries from Java into them. */
    private static final String[][] WAIT_PRIMITIVES = {
        {"PlatformMonitor", "wait"}, {"Monitor", "wait"}, {"Monitor", "wait_without_safepoint_check"},
        {"PosixSemaphore", "wait"}, {"PlatformEvent", "park"}, {"PlatformEvent", "park_nanos"},
        {"Parker", "park"}, {"ObjectMonitor", "wait"}, {"ObjectSynchronizer", "wait"},
    };

    private static final List<String> WAIT_PRIMITIVE_FUNCTIONS = List.of("Unsafe_Park", "JVM_MonitorWait");

    /** {class, method} of the JVM threads' wait-for-work loops, directly above the primitive they wait in. */
    private static final String[][] JVM_IDLE_LOOPS = {
        {"CompileQueue", "get"}, // C1/C2 compiler threads
        {"VMThread", "wait_for_operation"}, // VM Thread
        {"G1ServiceThread", "sleep_before_next_cycle"}, // G1 Service, JDK 17
        {"G1ServiceThread", "wait_for_task"}, // G1 Service, JDK 25
        {"WatcherThread", "sleep"}, // VM Periodic Task Thread
        {"MonitorDeflationThread", "monitor_deflation_thread_entry"},
        {"ServiceThread", "service_thread_entry"},
        {"NMethodSweeper", "sweeper_loop"}, // Sweeper thread, JDK 17
        {"GangWorker", "loop"}, // GC workers, JDK 17
        {"WorkerThread", "run"}, // GC workers, JDK 25
        {"G1ConcurrentRefineThread", "run_service"}, // G1 Refine, JDK 17
        {"G1PrimaryConcurrentRefineThread", "wait_for_completed_buffers"}, // G1 Refine, JDK 25
    };
    /** Wait-for-work functions outside a class: JFR's recorder thread, the Reference Handler's wait. */
    private static final List<String> JVM_IDLE_FUNCTIONS =
            List.of("recorderthread_entry", "JVM_WaitForReferencePendingList");

    /** JDK methods that wait for work (fully qualified class name, method). */
    private static final String[][] JDK_IDLE_METHODS = {
        {"java.util.concurrent.ThreadPoolExecutor", "getTask"},
        {"java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue", "take"},
        {"java.util.concurrent.ForkJoinPool", "awaitWork"},
        {"java.lang.ref.Reference", "waitForReferencePendingList"},
        {"java.lang.ref.Finalizer$FinalizerThread", "run"},
        {"jdk.internal.ref.CleanerImpl", "run"}, // Common-Cleaner and other Cleaners
        {"jdk.jfr.internal.PlatformRecorder", "takeNap"}, // JFR Periodic Tasks
    };

    private IdleWaits() {}

    /** The wait-for-work loop the thread waits in ("CompileQueue::get", "ThreadPoolExecutor.getTask"), if any. */
    static Optional<String> find(List<Frame> frames) {
        boolean inJava = false;
        for (Frame f : frames) {
            if (f.type() == FrameType.KERNEL) {
                continue;
            }
            boolean javaFrame = f.type().isJava()
                    || f.type() == FrameType.NATIVE && !f.className().isEmpty();
            if (javaFrame) {
                inJava = true;
                String cls = f.className().replace('/', '.');
                for (String[] idle : JDK_IDLE_METHODS) {
                    if (idle[0].equals(cls) && idle[1].equals(f.methodName())) {
                        return Optional.of(cls.substring(cls.lastIndexOf('.') + 1) + "." + f.methodName());
                    }
                }
                if (!cls.startsWith("java.") && !cls.startsWith("jdk.")) {
                    return Optional.empty();
                }
            } else if (inJava) {
                return Optional.empty();
            } else if (f.type() == FrameType.CPP) {
                String name = f.methodName();
                if (matchesAny(name, WAIT_PRIMITIVES)
                        || WAIT_PRIMITIVE_FUNCTIONS.stream().anyMatch(fn -> isFunction(name, fn))) {
                    continue;
                }
                for (String[] loop : JVM_IDLE_LOOPS) {
                    if (ReasonClassifier.isCxxMethod(name, loop[0], loop[1])) {
                        return Optional.of(loop[0] + "::" + loop[1]);
                    }
                }
                return JVM_IDLE_FUNCTIONS.stream()
                        .filter(fn -> isFunction(name, fn))
                        .findFirst();
            }
        }
        return Optional.empty();
    }

    private static boolean matchesAny(String frameName, String[][] methods) {
        for (String[] m : methods) {
            if (ReasonClassifier.isCxxMethod(frameName, m[0], m[1])) {
                return true;
            }
        }
        return false;
    }

    /** A function outside any class, demangled (maybe with parameters) or mangled ({@code _ZL19recorderthread_entry...}). */
    private static boolean isFunction(String frameName, String function) {
        return frameName.equals(function)
                || frameName.startsWith(function + "(")
                || frameName.startsWith("_Z") && frameName.contains(function.length() + function);
    }
}
