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
 */
public record OffCpuStatistics(long timeNanos, long switchesSeen, long episodesEmitted, long recordsDropped,
                               long stacksFailed) {
}
