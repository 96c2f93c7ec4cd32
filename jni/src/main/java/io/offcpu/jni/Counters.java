package io.offcpu.jni;

/** The kernel side's counters (enum offcpu_counter), summed over CPUs. */
public record Counters(
        long switchOuts,
        long episodes,
        long emitted,
        long dropped,
        long stacksFailed,
        long unseenStarts,
        long merged,
        long untrackedThreads,
        long stacksTruncated,
        long wakeups,
        long wakeupsDropped,
        long exitTotalsDropped,
        long sampledOut,
        long newThreads,
        long switchInsMissed) {

    static Counters of(long[] values) {
        return new Counters(values[0], values[1], values[2], values[3], values[4], values[5],
                values[6], values[7], values[8], values[9], values[10], values[11], values[12], values[13],
                values[14]);
    }
}
