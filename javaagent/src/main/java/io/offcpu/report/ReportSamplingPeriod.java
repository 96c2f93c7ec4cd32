package io.offcpu.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How much on-CPU time one {@code jdk.ExecutionSample} stands for, so that on-CPU samples and off-CPU
 * events add up in the same unit (ns) in {@code --wall}.
 *
 * <p>Preferably the recording's own {@code jdk.ExecutionSample#period} setting (JFR writes it; 20 ms in
 * {@code default}, 10 ms in {@code profile}). Recordings without it (async-profiler's) get the spacing
 * of samples: per thread, the median gap between consecutive samples; the smallest such median among
 * threads with enough samples is the interval (a thread that runs all the time is sampled every
 * interval; one that mostly waits, less often).
 *
 * @param nanos  time one sample stands for
 * @param source where it came from, for the report's reader
 */
record ReportSamplingPeriod(long nanos, String source) {
    static final long FALLBACK_NANOS = 20_000_000L;
    private static final int MIN_GAPS_PER_THREAD = 5;

    static ReportSamplingPeriod of(ReportRecording recording) {
        if (recording.samplingPeriodNanos().isPresent()) {
            return new ReportSamplingPeriod(
                    recording.samplingPeriodNanos().getAsLong(), "the recording's jdk.ExecutionSample period setting");
        }
        long spacing = medianSpacingNanos(recording.onCpu());
        if (spacing > 0) {
            return new ReportSamplingPeriod(spacing, "the median spacing of samples per thread");
        }
        return new ReportSamplingPeriod(
                FALLBACK_NANOS,
                "JFR's default (the recording names no period and has " + "too few samples per thread to measure one)");
    }

    /** 0 when no thread has two samples. */
    static long medianSpacingNanos(List<ReportCpuSample> samples) {
        Map<Long, List<Long>> timesByThread = new HashMap<>();
        for (ReportCpuSample s : samples) {
            timesByThread
                    .computeIfAbsent(s.thread().osThreadId(), k -> new ArrayList<>())
                    .add(s.startEpochNanos());
        }
        long best = Long.MAX_VALUE;
        long fallback = 0;
        int fallbackGaps = 0;
        for (List<Long> times : timesByThread.values()) {
            times.sort(null);
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < times.size(); i++) {
                long gap = times.get(i) - times.get(i - 1);
                if (gap > 0) {
                    gaps.add(gap);
                }
            }
            if (gaps.isEmpty()) {
                continue;
            }
            gaps.sort(null);
            long median = gaps.get(gaps.size() / 2);
            if (gaps.size() >= MIN_GAPS_PER_THREAD) {
                best = Math.min(best, median);
            } else if (gaps.size() > fallbackGaps) {
                fallback = median;
                fallbackGaps = gaps.size();
            }
        }
        return best != Long.MAX_VALUE ? best : fallback;
    }
}
