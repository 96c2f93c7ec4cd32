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
                // Class names compared in place with '/' read as '.': every new stack is classified, and Strings
                // built here were the application's garbage.
                String cls = f.className();
                for (String[] idle : JDK_IDLE_METHODS) {
                    if (idle[1].equals(f.methodName()) && equalsDotted(cls, idle[0])) {
                        return Optional.of(idle[0].substring(idle[0].lastIndexOf('.') + 1) + "." + f.methodName());
                    }
                }
                if (!startsWithDotted(cls, "java.") && !startsWithDotted(cls, "jdk.")) {
                    return Optional.empty();
                }
            } else if (inJava) {
                return Optional.empty();
            } else if (f.type() == FrameType.CPP) {
                String name = f.methodName();
                if (matchesAny(name, WAIT_PRIMITIVES) || isAnyFunction(name, WAIT_PRIMITIVE_FUNCTIONS)) {
                    continue;
                }
                for (String[] loop : JVM_IDLE_LOOPS) {
                    if (ReasonClassifier.isCxxMethod(name, loop[0], loop[1])) {
                        return Optional.of(loop[0] + "::" + loop[1]);
                    }
                }
                for (String function : JVM_IDLE_FUNCTIONS) {
                    if (isFunction(name, function)) {
                        return Optional.of(function);
                    }
                }
                return Optional.empty();
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

    /** Whether a JVM internal class name is {@code dotted} with each '/' read as '.', without building it. */
    private static boolean equalsDotted(String name, String dotted) {
        return name.length() == dotted.length() && startsWithDotted(name, dotted);
    }

    private static boolean startsWithDotted(String name, String dotted) {
        if (name.length() < dotted.length()) {
            return false;
        }
        for (int i = 0; i < dotted.length(); i++) {
            char c = name.charAt(i);
            if ((c == '/' ? '.' : c) != dotted.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAnyFunction(String frameName, List<String> functions) {
        for (String function : functions) {
            if (isFunction(frameName, function)) {
                return true;
            }
        }
        return false;
    }

    /** A function outside any class, demangled (maybe with parameters) or mangled ({@code _ZL19recorderthread_entry...}). */
    private static boolean isFunction(String frameName, String function) {
        int n = function.length();
        if (frameName.equals(function)
                || frameName.length() > n && frameName.startsWith(function) && frameName.charAt(n) == '(') {
            return true;
        }
        if (!frameName.startsWith("_Z")) {
            return false;
        }
        // Mangled: the function's name is length-prefixed ("16Unsafe_Park..."), found in place.
        String length = LENGTH_PREFIXES[Math.min(n, LENGTH_PREFIXES.length - 1)];
        return length != null ? containsPrefixed(frameName, length, function) : frameName.contains(n + function);
    }

    /** Decimal lengths 0..63, built once. */
    private static final String[] LENGTH_PREFIXES = new String[64];

    static {
        for (int i = 0; i < LENGTH_PREFIXES.length - 1; i++) {
            LENGTH_PREFIXES[i] = Integer.toString(i);
        }
    }

    private static boolean containsPrefixed(String s, String length, String function) {
        for (int at = s.indexOf(length); at >= 0; at = s.indexOf(length, at + 1)) {
            if (s.startsWith(function, at + length.length())) {
                return true;
            }
        }
        return false;
    }
}
