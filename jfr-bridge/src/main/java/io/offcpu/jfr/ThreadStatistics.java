package io.offcpu.jfr;

import java.util.Objects;

/**
 * One thread's off-CPU totals since the profiler started, counted in the kernel for every episode
 * however short, written as an {@code offcpu.ThreadStatistics} JFR event. All times include the
 * episode in progress at {@code timeNanos}; {@code currentOffCpuNanos} and {@code currentRunQueueNanos}
 * say how much of them it is, so a reader can take the totals at that episode's start.
 *
 * @param timeNanos             when the totals were read, CLOCK_MONOTONIC ns
 * @param thread                the thread
 * @param sleepingNanos         off-CPU in S (and other non-D sleep states)
 * @param uninterruptibleNanos  off-CPU in D
 * @param preemptedNanos        off-CPU while runnable (preempted, yielded)
 * @param runQueueNanos         runnable but waiting for a CPU (the kernel's schedstat run_delay)
 * @param voluntarySwitches     the kernel's voluntary_ctxt_switches, counted since the start
 * @param involuntarySwitches   the kernel's nonvoluntary_ctxt_switches, counted since the start
 * @param episodes              completed episodes
 * @param unseenStarts          episodes whose start was before the profiler started (not counted)
 * @param currentOffCpuNanos    how long the episode in progress has lasted; 0 when on a CPU
 * @param currentRunQueueNanos  how long it has been waiting for a CPU; 0 when not
 * @param exited                the thread has exited: these are its last totals
 */
public record ThreadStatistics(
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
    public ThreadStatistics {
        Objects.requireNonNull(thread, "thread");
    }

    public long offCpuNanos() {
        return sleepingNanos + uninterruptibleNanos + preemptedNanos;
    }
}
