package io.offcpu.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@code report} needs from one recording, read in one pass.
 *
 * @param file                     the recording
 * @param startEpochNanos          start of its earliest chunk, ns since the epoch ({@code --from 5s} counts from here)
 * @param endEpochNanos            end of its latest chunk
 * @param offCpu                   every {@code offcpu.OffCpu} event, threads named as well as the file allows
 * @param onCpu                    the {@code jdk.ExecutionSample} events, when they were asked for; empty otherwise
 * @param onCpuSampleCount         how many {@code jdk.ExecutionSample} events the file holds
 * @param samplingPeriodNanos      the {@code jdk.ExecutionSample#period} setting, when the file records one
 * @param statistics               the last {@code offcpu.Statistics} event, if any
 */
record ReportRecording(
        Path file,
        long startEpochNanos,
        long endEpochNanos,
        List<BlockedInterval> offCpu,
        List<ReportCpuSample> onCpu,
        long onCpuSampleCount,
        OptionalLong samplingPeriodNanos,
        Optional<ReportStatistics> statistics) {}
