package io.offcpu.report;

import java.util.List;

/**
 * One on-CPU sample ({@code jdk.ExecutionSample}, from JFR's sampler or async-profiler).
 *
 * @param startEpochNanos when it was taken, ns since the epoch
 * @param frames          outermost first
 */
record ReportCpuSample(long startEpochNanos, ReportThread thread, List<BlockedInterval.NamedFrame> frames) {
    ReportCpuSample {
        frames = List.copyOf(frames);
    }
}
