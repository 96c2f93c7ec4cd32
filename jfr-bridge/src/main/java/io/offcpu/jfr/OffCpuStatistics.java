package io.offcpu.jfr;

/**
 * Profiler health counters, cumulative since the profiler started, written as an
 * {@code offcpu.Statistics} JFR event.
 *
 * @param timeNanos       when the counters were read, CLOCK_MONOTONIC ns
 * @param switchesSeen    context switches of the target process seen by the kernel side
 * @param episodesEmitted episodes sent to user space
 * @param recordsDropped  records lost because the ring buffer was full
 * @param stacksFailed    episodes whose stack could not be taken
 * @param stacksTruncated episodes whose kernel or user stack hit its depth limit
 * @param unseenStarts    episodes already in progress when the profiler started
 * @param wakeups         waker stacks written ({@code offcpu.Wakeup} events)
 * @param wakeupsDropped  waker stacks lost because the ring buffer was full
 * @param exitTotalsDropped last totals of exited threads lost because the ring buffer was full
 * @param sampledOut      episodes shorter than the sampling period that the draw left out (sampling mode)
 * @param untrackedThreads switch-outs of threads the kernel side could not track (state map full)
 * @param unconvertible   episodes the agent could not turn into events
 * @param switchInsMissed returns to a CPU that no sched_switch event reported; the kernel side closed
 *                        those episodes in the thread totals from the kernel's own counters, without events
 * @param stacksSymbolized stacks (episodes' and wakers') the agent symbolized because it had not seen them, or not
 *                        since the code at their addresses changed: the agent's own work grows with this count
 * @param stacksReused    stacks found already symbolized: cheap, and allocating nothing
 */
public record OffCpuStatistics(
        long timeNanos,
        long switchesSeen,
        long episodesEmitted,
        long recordsDropped,
        long stacksFailed,
        long stacksTruncated,
        long unseenStarts,
        long wakeups,
        long wakeupsDropped,
        long exitTotalsDropped,
        long sampledOut,
        long untrackedThreads,
        long unconvertible,
        long switchInsMissed,
        long stacksSymbolized,
        long stacksReused) {
    /** Only the first counters (tests of the writer). */
    public OffCpuStatistics(
            long timeNanos, long switchesSeen, long episodesEmitted, long recordsDropped, long stacksFailed) {
        this(timeNanos, switchesSeen, episodesEmitted, recordsDropped, stacksFailed, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
