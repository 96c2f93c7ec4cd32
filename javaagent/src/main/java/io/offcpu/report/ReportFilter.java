package io.offcpu.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which events the report counts: {@code --thread}, {@code --reason}, {@code --from}/{@code --to} and
 * {@code --min}. An event is in the time window when it starts in {@code [from, to)}. On-CPU samples have
 * no reason or duration, so only the thread and the window select them.
 *
 * @param thread        found anywhere in the Java or kernel name; null for every thread
 * @param reasons       accepted reasons; empty for all
 * @param fromEpochNanos first start time counted, inclusive
 * @param toEpochNanos   end of the window, exclusive
 * @param minDurationNanos shortest event counted (its duration, not its weight)
 */
record ReportFilter(
        Pattern thread, Set<String> reasons, long fromEpochNanos, long toEpochNanos, long minDurationNanos) {

    static ReportFilter everything() {
        return new ReportFilter(null, Set.of(), Long.MIN_VALUE, Long.MAX_VALUE, 0);
    }

    boolean selectsAll() {
        return thread == null
                && reasons.isEmpty()
                && fromEpochNanos == Long.MIN_VALUE
                && toEpochNanos == Long.MAX_VALUE
                && minDurationNanos == 0;
    }

    boolean accepts(BlockedInterval i) {
        return (thread == null || i.thread().matches(thread))
                && (reasons.isEmpty() || reasons.contains(i.reason()))
                && inWindow(i.startEpochNanos())
                && i.durationNanos() >= minDurationNanos;
    }

    boolean accepts(ReportCpuSample s) {
        return (thread == null || s.thread().matches(thread)) && inWindow(s.startEpochNanos());
    }

    private boolean inWindow(long epochNanos) {
        return epochNanos >= fromEpochNanos && epochNanos < toEpochNanos;
    }

    List<BlockedInterval> offCpu(List<BlockedInterval> all) {
        List<BlockedInterval> out = new ArrayList<>();
        for (BlockedInterval i : all) {
            if (accepts(i)) {
                out.add(i);
            }
        }
        return out;
    }

    List<ReportCpuSample> onCpu(List<ReportCpuSample> all) {
        List<ReportCpuSample> out = new ArrayList<>();
        for (ReportCpuSample s : all) {
            if (accepts(s)) {
                out.add(s);
            }
        }
        return out;
    }
}
