package io.offcpu.report;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The text report: total off-CPU time, by reason, by state and syscall, by thread, the top blocked stacks,
 * who woke them, then the idle time (waiting for work) by thread and wait, on-CPU samples when the file has
 * them, and the profiler's own counters. Every sum is of {@code weight}.
 */
public final class TextSummary {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private TextSummary() {}

    /**
     * @param intervals the off-CPU events the filter selected
     * @param onCpu     the on-CPU samples it selected, or null when they were not read
     * @param jvm       the threads "By thread", the top stacks and the idle time show as one row after the
     *                  application's, or null to show every thread on its own ({@code --all-threads})
     */
    static void print(
            ReportRecording recording,
            ReportFilter filter,
            List<BlockedInterval> intervals,
            List<ReportCpuSample> onCpu,
            ReportSamplingPeriod period,
            int top,
            ZoneId zone,
            JvmInternalThreads jvm,
            PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "Recording: %s (%s to %s, %s)%n",
                recording.file(),
                clock(recording.startEpochNanos(), zone),
                clock(recording.endEpochNanos(), zone),
                millis(recording.endEpochNanos() - recording.startEpochNanos()));
        if (!filter.selectsAll()) {
            out.printf(
                    Locale.ROOT,
                    "Selected: %,d of %,d off-CPU events%n",
                    intervals.size(),
                    recording.offCpu().size());
        }
        // Waiting for work costs the application nothing, yet an idle pool or the JVM's service threads
        // can be most of the off-CPU time: it is counted apart, after the waits that matter, unless
        // --reason asked for reasons by name.
        boolean idleApart = filter.reasons().isEmpty();
        List<BlockedInterval> idle =
                idleApart ? intervals.stream().filter(BlockedInterval::idle).toList() : List.of();
        List<BlockedInterval> waits = idle.isEmpty()
                ? intervals
                : intervals.stream().filter(i -> !i.idle()).toList();
        long total = waits.stream().mapToLong(BlockedInterval::weightNanos).sum();
        long idleTotal = idle.stream().mapToLong(BlockedInterval::weightNanos).sum();
        out.println();
        out.printf(
                Locale.ROOT,
                "Off-CPU time: %s in %,d events%s%n",
                millis(total),
                waits.size(),
                idle.isEmpty()
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                ", besides %s idle (waiting for work) in %,d events",
                                millis(idleTotal),
                                idle.size()));

        section(out, "By reason", waits, BlockedInterval::reason, total, top);
        section(
                out,
                "By state and syscall",
                waits,
                i -> i.state() + (i.syscall().isEmpty() ? "" : " in " + i.syscall()),
                total,
                top);
        applicationFirst(out, "By thread", waits, i -> i.thread().label(), total, top, jvm);
        applicationFirst(out, "Top blocked stacks", waits, i -> StackLabel.blocked(i.frames()), total, top, jvm);
        WakerSection.print(out, waits, total, top);
        if (!idle.isEmpty()) {
            applicationFirst(
                    out,
                    "Idle, waiting for work (not in the times above; --reason idle shows them in full)",
                    idle,
                    i -> i.thread().label() + " in " + i.reasonDetail(),
                    idleTotal,
                    top,
                    jvm);
        }

        if (recording.onCpuSampleCount() > 0) {
            out.println();
            if (onCpu == null) {
                out.printf(
                        Locale.ROOT,
                        "On-CPU: %,d jdk.ExecutionSample events in the file (--wall adds them to the flame graph)%n",
                        recording.onCpuSampleCount());
            } else {
                out.printf(
                        Locale.ROOT,
                        "On-CPU: %,d samples x %s = %s (period from %s)%n",
                        onCpu.size(),
                        millis(period.nanos()),
                        millis(onCpu.size() * period.nanos()),
                        period.source());
            }
        }
        statistics(out, recording);
    }

    private static void statistics(PrintWriter out, ReportRecording recording) {
        out.println();
        if (recording.statistics().isEmpty()) {
            out.println("Profiler statistics: none in this recording (offcpu.Statistics is written every second and "
                    + "at the end; the profiler may have stopped early), so losses cannot be told");
            return;
        }
        ReportStatistics s = recording.statistics().get();
        out.printf(
                Locale.ROOT,
                "Profiler statistics (whole recording): switches seen %,d, episodes emitted %,d, "
                        + "records dropped %,d, stacks failed %,d%n",
                s.switchesSeen(),
                s.episodesEmitted(),
                s.recordsDropped(),
                s.stacksFailed());
        if (s.recordsDropped() > 0) {
            out.printf(
                    Locale.ROOT,
                    "WARNING: %,d records were dropped because the ring buffer was full: the times above are too "
                            + "low; record with a larger ringbuffer= or a longer sampling=%n",
                    s.recordsDropped());
        }
        if (s.stacksFailed() > 0) {
            out.printf(
                    Locale.ROOT,
                    "Note: %,d episodes have no stack (stack capture failed); they count in the totals as "
                            + "\"(no stack)\"%n",
                    s.stacksFailed());
        }
    }

    private static void section(
            PrintWriter out,
            String title,
            List<BlockedInterval> intervals,
            Function<BlockedInterval, String> key,
            long total,
            int top) {
        List<ReportTable.Row> rows = ReportTable.tally(intervals, key);
        ReportTable.print(
                out, ReportTable.heading(title, top, rows.size()), rows.subList(0, Math.min(top, rows.size())), total);
    }

    /**
     * Like {@link #section}, but the rows of JVM-internal threads are summed into one last row, so the
     * application's waits come first even where the JVM's own threads wait longer.
     */
    private static void applicationFirst(
            PrintWriter out,
            String title,
            List<BlockedInterval> intervals,
            Function<BlockedInterval, String> key,
            long total,
            int top,
            JvmInternalThreads jvm) {
        if (jvm == null) {
            section(out, title, intervals, key, total, top);
            return;
        }
        List<BlockedInterval> internal =
                intervals.stream().filter(i -> jvm.contains(i.thread())).toList();
        List<ReportTable.Row> rows = ReportTable.tally(
                intervals.stream().filter(i -> !jvm.contains(i.thread())).toList(), key);
        List<ReportTable.Row> shown = new ArrayList<>(rows.subList(0, Math.min(top, rows.size())));
        if (!internal.isEmpty()) {
            long threads = internal.stream()
                    .map(i -> i.thread().osThreadId())
                    .distinct()
                    .count();
            shown.add(new ReportTable.Row(
                    JvmInternalThreads.rowLabel(threads),
                    internal.stream().mapToLong(BlockedInterval::weightNanos).sum(),
                    internal.size()));
        }
        ReportTable.print(out, ReportTable.heading(title, top, rows.size()), shown, total);
    }

    static double share(long part, long total) {
        return total == 0 ? 0.0 : 100.0 * part / total;
    }

    /** Milliseconds with one decimal and thousands separators, e.g. {@code 4,997.8 ms}. */
    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%,.1f ms", nanos / 1e6);
    }

    /** Seconds with one decimal, e.g. {@code 13.8 s}. */
    public static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%,.1f s", nanos / 1e9);
    }

    private static String clock(long epochNanos, ZoneId zone) {
        return LocalDateTime.ofInstant(Instant.ofEpochSecond(0, epochNanos), zone)
                .format(CLOCK);
    }
}
