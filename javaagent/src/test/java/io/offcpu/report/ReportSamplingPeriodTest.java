package io.offcpu.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportSamplingPeriodTest {
    private static final long MS = 1_000_000L;

    @Test
    void theBusiestThreadsMedianSpacingIsTheInterval() {
        List<ReportCpuSample> samples = new ArrayList<>();
        ReportThread busy = new ReportThread(1, "busy", "busy");
        ReportThread idle = new ReportThread(2, "idle", "idle");
        // A busy thread sampled every 10 ms with one 50 ms pause; an idle one every ~200 ms.
        long t = 0;
        for (int i = 0; i < 20; i++) {
            t += i == 7 ? 50 * MS : 10 * MS;
            samples.add(new ReportCpuSample(t, busy, List.of()));
        }
        for (int i = 0; i < 8; i++) {
            samples.add(new ReportCpuSample(i * 200 * MS + 3, idle, List.of()));
        }
        assertEquals(10 * MS, ReportSamplingPeriod.medianSpacingNanos(samples));
    }

    @Test
    void withFewSamplesPerThreadTheThreadWithMostGapsDecides() {
        ReportThread a = new ReportThread(1, "a", "a");
        List<ReportCpuSample> samples = List.of(
                new ReportCpuSample(0, a, List.of()),
                new ReportCpuSample(20 * MS, a, List.of()),
                new ReportCpuSample(40 * MS, a, List.of()));
        assertEquals(20 * MS, ReportSamplingPeriod.medianSpacingNanos(samples));
        assertEquals(0, ReportSamplingPeriod.medianSpacingNanos(List.of(new ReportCpuSample(0, a, List.of()))));
    }
}
