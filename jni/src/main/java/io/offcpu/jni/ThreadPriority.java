package io.offcpu.jni;

/**
 * The scheduling weight of the agent's own threads. The consumer and the code-event drain run with a nice value
 * {@link #AGENT_NICE_INCREMENT} above the application's threads, so that on a busy CPU the kernel runs the
 * application's threads first: a batch of new stacks to symbolize does not stand between a request and its
 * thread. The ring buffer holds what a low-priority consumer has not read yet; what it cannot hold is counted as
 * dropped ({@code offcpu.Statistics}).
 */
public final class ThreadPriority {
    /** Nice +5: a weight of 335 against the application's 1024 (Linux's table, kernel/sched/core.c). */
    public static final int AGENT_NICE_INCREMENT = 5;

    private ThreadPriority() {}

    /**
     * Lowers the calling thread's priority by {@link #AGENT_NICE_INCREMENT}; for threads that create no others
     * (new threads inherit it). Returns false if the kernel refused, which changes nothing else.
     */
    public static boolean lowerCurrentThread() {
        NativeLibrary.load();
        return lowerCurrentThread0(AGENT_NICE_INCREMENT) >= 0;
    }

    private static native int lowerCurrentThread0(int increment);
}
