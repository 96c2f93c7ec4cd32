package io.offcpu.jfr;

import java.util.Objects;

/**
 * One thread's off-CPU totals since the profiler started, counted in the kernel for every episode
 * however short, written as an {@code offcpu.ThreadStatistics} JFR event. All times include the
 * episode in progress at {@code timeNanos}; {@code currentOffCpuNanos} and {@code currentRunQueueNanos}
 * say how much of them it is, so a reader can take the totals at that episode's start.
 *
 * <p>Mutable, so that the profiler's reading of every thread once a second fills the same objects instead of
 * allocating new ones in the profiled JVM's heap: {@link #set} replaces every value, {@link #copyOf} keeps
 * one.
 *
 * <p>Values ({@link #set}):
 * <ul>
 * <li>timeNanos: when the totals were read, CLOCK_MONOTONIC ns
 * <li>thread: the thread
 * <li>sleepingNanos: off-CPU in S (and other non-D sleep states)
 * <li>uninterruptibleNanos: off-CPU in D
 * <li>preemptedNanos: off-CPU while runnable (preempted, yielded)
 * <li>runQueueNanos: runnable but waiting for a CPU (the kernel's schedstat run_delay)
 * <li>voluntarySwitches: the kernel's voluntary_ctxt_switches, counted since the start
 * <li>involuntarySwitches: the kernel's nonvoluntary_ctxt_switches, counted since the start
 * <li>episodes: completed episodes
 * <li>unseenStarts: episodes whose start was before the profiler started (not counted)
 * <li>currentOffCpuNanos: how long the episode in progress has lasted; 0 when on a CPU
 * <li>currentRunQueueNanos: how long it has been waiting for a CPU; 0 when not
 * <li>exited: the thread has exited: these are its last totals
 * </ul>
 */
public final class ThreadStatistics {
    private long timeNanos;
    private ThreadRef thread;
    private long sleepingNanos;
    private long uninterruptibleNanos;
    private long preemptedNanos;
    private long runQueueNanos;
    private long voluntarySwitches;
    private long involuntarySwitches;
    private long episodes;
    private long unseenStarts;
    private long currentOffCpuNanos;
    private long currentRunQueueNanos;
    private boolean exited;

    /** Replaces every value. */
    public ThreadStatistics set(
            long timeNanos,
            ThreadRef thread,
            long sleepingNanos,
            long uninterruptibleNanos,
            long preemptedNanos,
            long runQueueNanos,
            long voluntarySwitches,
            long involuntarySwitches,
            long episodes,
            long unseenStarts,
            long currentOffCpuNanos,
            long currentRunQueueNanos,
            boolean exited) {
        this.timeNanos = timeNanos;
        this.thread = Objects.requireNonNull(thread, "thread");
        this.sleepingNanos = sleepingNanos;
        this.uninterruptibleNanos = uninterruptibleNanos;
        this.preemptedNanos = preemptedNanos;
        this.runQueueNanos = runQueueNanos;
        this.voluntarySwitches = voluntarySwitches;
        this.involuntarySwitches = involuntarySwitches;
        this.episodes = episodes;
        this.unseenStarts = unseenStarts;
        this.currentOffCpuNanos = currentOffCpuNanos;
        this.currentRunQueueNanos = currentRunQueueNanos;
        this.exited = exited;
        return this;
    }

    /** Takes every value of {@code other}. */
    public ThreadStatistics setFrom(ThreadStatistics other) {
        return set(
                other.timeNanos,
                other.thread,
                other.sleepingNanos,
                other.uninterruptibleNanos,
                other.preemptedNanos,
                other.runQueueNanos,
                other.voluntarySwitches,
                other.involuntarySwitches,
                other.episodes,
                other.unseenStarts,
                other.currentOffCpuNanos,
                other.currentRunQueueNanos,
                other.exited);
    }

    /** A copy that keeps the values {@code other} has now. */
    public static ThreadStatistics copyOf(ThreadStatistics other) {
        return new ThreadStatistics().setFrom(other);
    }

    public long timeNanos() {
        return timeNanos;
    }

    public ThreadRef thread() {
        return thread;
    }

    public long sleepingNanos() {
        return sleepingNanos;
    }

    public long uninterruptibleNanos() {
        return uninterruptibleNanos;
    }

    public long preemptedNanos() {
        return preemptedNanos;
    }

    public long runQueueNanos() {
        return runQueueNanos;
    }

    public long voluntarySwitches() {
        return voluntarySwitches;
    }

    public long involuntarySwitches() {
        return involuntarySwitches;
    }

    public long episodes() {
        return episodes;
    }

    public long unseenStarts() {
        return unseenStarts;
    }

    public long currentOffCpuNanos() {
        return currentOffCpuNanos;
    }

    public long currentRunQueueNanos() {
        return currentRunQueueNanos;
    }

    public boolean exited() {
        return exited;
    }

    public long offCpuNanos() {
        return sleepingNanos + uninterruptibleNanos + preemptedNanos;
    }

    @Override
    public String toString() {
        return "ThreadStatistics[timeNanos=" + timeNanos + ", thread=" + thread + ", offCpuNanos=" + offCpuNanos()
                + ", runQueueNanos=" + runQueueNanos + ", voluntarySwitches=" + voluntarySwitches
                + ", involuntarySwitches=" + involuntarySwitches + ", episodes=" + episodes + ", exited=" + exited
                + "]";
    }
}
