package io.offcpu.jni;

/**
 * Per-thread totals of every episode however short, counted in the kernel (struct
 * offcpu_thread_totals). The completed-episode values are exact as of {@code timeNanos}; the episode
 * in progress, if any, is described by {@code openSinceNanos} and {@code openRunnableNanos}, and the
 * {@code *At} methods add it in. Times are CLOCK_MONOTONIC ns, the base of {@link System#nanoTime()}.
 *
 * @param offCpuNanos completed off-CPU time by state bucket ({@code KernelContract.BUCKET_*})
 * @param openSinceNanos switch-out of the episode in progress, 0 when the thread was on a CPU
 * @param openRunnableNanos when the episode in progress became runnable (woken or preempted), 0 if not
 * @param openBucket the state bucket of the episode in progress
 * @param exited these are the thread's last totals, written when it exited
 */
public record ThreadTotals(
        int tid,
        long timeNanos,
        long[] offCpuNanos,
        long runQueueNanos,
        long voluntarySwitches,
        long involuntarySwitches,
        long episodes,
        long unseenStarts,
        long openSinceNanos,
        long openRunnableNanos,
        int openBucket,
        boolean exited) {

    /** Off-CPU time in {@code bucket} as of {@link #timeNanos}, the episode in progress included. */
    public long offCpuNanosNow(int bucket) {
        return offCpuNanos[bucket] + (openBucket == bucket ? openNanos(timeNanos, openSinceNanos) : 0);
    }

    /** All off-CPU time as of {@link #timeNanos}, the episode in progress included. */
    public long offCpuNanosNow() {
        long all = 0;
        for (int bucket = 0; bucket < KernelContract.BUCKETS; bucket++) {
            all += offCpuNanosNow(bucket);
        }
        return all;
    }

    /** Run-queue time as of {@link #timeNanos}, including the wait in progress for a CPU. */
    public long runQueueNanosNow() {
        return runQueueNanos + openRunQueueNanos();
    }

    /** How long the episode in progress has lasted at {@link #timeNanos}; 0 when on a CPU. */
    public long openOffCpuNanos() {
        return openNanos(timeNanos, openSinceNanos);
    }

    /** How long the thread has been waiting for a CPU at {@link #timeNanos}; 0 when it is not. */
    public long openRunQueueNanos() {
        return openSinceNanos == 0 ? 0 : openNanos(timeNanos, openRunnableNanos);
    }

    /** How long something that began at {@code since} (0: nothing began) had lasted at {@code time}. */
    static long openNanos(long time, long since) {
        return since == 0 ? 0 : Math.max(0, time - since);
    }
}
