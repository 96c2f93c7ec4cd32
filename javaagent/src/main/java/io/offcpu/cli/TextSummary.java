package io.offcpu.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The text report: total off-CPU time, by reason, by state and syscall, by thread, the top blocked stacks,
 * on-CPU samples when the file has them, and the profiler's own counters. Every sum is of {@code weight}.
 */
final class TextSummary {
    /** Java frames shown per stack: the innermost ones, where the application waited. */
    static final int JAVA_FRAMES_PER_STACK = 6;
    /** For stacks without Java frames (GC, compiler, VM threads): the innermost JVM (C++) frames. */
    static final int NATIVE_FRAMES_WITHOUT_JAVA = 4;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final String INDENT = "  ";

    private TextSummary() {}

    /**
     * @param intervals the off-CPU events the filter selected
     * @param onCpu     the on-CPU samples it selected, or null when they were not read
     */
    static void print(ReportRecording recording, ReportFilter filter, List<BlockedInterval> intervals,
            List<ReportCpuSample> onCpu, ReportSamplingPeriod period, int top, ZoneId zone, PrintWriter out) {
        out.printf(Locale.ROOT, "Recording: %s (%s to %s, %s)%n", recording.file(), clock(recording.startEpochNanos(), zone),
                clock(recording.endEpochNanos(), zone), millis(recording.endEpochNanos() - recording.startEpochNanos()));
        if (!filter.selectsAll()) {
            out.printf(Locale.ROOT, "Selected: %,d of %,d off-CPU events%n", intervals.size(), recording.offCpu().size());
        }
        if (!recording.hasReasonField()) {
            out.println("Reasons are derived from the kernel state and syscall (the events have no reason field).");
        }
        long total = intervals.stream().mapToLong(BlockedInterval::weightNanos).sum();
        out.println();
        out.printf(Locale.ROOT, "Off-CPU time: %s in %,d events%n", millis(total), intervals.size());

        section(out, "By reason", intervals, BlockedInterval::reason, total, top);
        section(out, "By state and syscall", intervals,
                i -> i.state() + (i.syscall().isEmpty() ? "" : " in " + i.syscall()), total, top);
        section(out, "By thread", intervals,
                i -> i.thread().displayName() + " (tid " + i.thread().osThreadId() + ")", total, top);
        section(out, "Top blocked stacks", intervals, TextSummary::stackKey, total, top);

        if (recording.onCpuSampleCount() > 0) {
            out.println();
            if (onCpu == null) {
                out.printf(Locale.ROOT, "On-CPU: %,d jdk.ExecutionSample events in the file (--wall adds them to the flame graph)%n",
                        recording.onCpuSampleCount());
            } else {
                out.printf(Locale.ROOT, "On-CPU: %,d samples x %s = %s (period from %s)%n", onCpu.size(), millis(period.nanos()),
                        millis(onCpu.size() * period.nanos()), period.source());
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
        out.printf(Locale.ROOT, "Profiler statistics (whole recording): switches seen %,d, episodes emitted %,d, "
                + "records dropped %,d, stacks failed %,d%n", s.switchesSeen(), s.episodesEmitted(),
                s.recordsDropped(), s.stacksFailed());
        if (s.recordsDropped() > 0) {
            out.printf(Locale.ROOT, "WARNING: %,d records were dropped because the ring buffer was full: the times above are too "
                    + "low; record with a larger ringbuffer= or a higher threshold=%n", s.recordsDropped());
        }
        if (s.stacksFailed() > 0) {
            out.printf(Locale.ROOT, "Note: %,d episodes have no stack (stack capture failed); they count in the totals as "
                    + "\"(no stack)\"%n", s.stacksFailed());
        }
    }

    private static void section(PrintWriter out, String title, List<BlockedInterval> intervals,
            Function<BlockedInterval, String> key, long total, int top) {
        Map<String, long[]> byKey = new LinkedHashMap<>();
        for (BlockedInterval i : intervals) {
            long[] sums = byKey.computeIfAbsent(key.apply(i), k -> new long[2]);
            sums[0] += i.weightNanos();
            sums[1]++;
        }
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(byKey.entrySet());
        rows.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0]).reversed()
                .thenComparing(Map.Entry::getKey));
        out.println();
        out.printf(Locale.ROOT, "%s:%s%n", title, rows.size() > top ? " (top " + top + " of " + rows.size() + ")" : "");
        int timeWidth = rows.stream().limit(top).mapToInt(r -> millis(r.getValue()[0]).length()).max().orElse(0);
        String lead = INDENT + " ".repeat(timeWidth) + "  " + " ".repeat(6) + "  " + " ".repeat(9) + "  ";
        for (Map.Entry<String, long[]> row : rows.subList(0, Math.min(top, rows.size()))) {
            long nanos = row.getValue()[0];
            out.printf(Locale.ROOT, "%s%" + timeWidth + "s  %5.1f%%  %,9d  %s%n", INDENT, millis(nanos), share(nanos, total),
                    row.getValue()[1], row.getKey().replace("\n", "\n" + lead));
        }
        if (rows.isEmpty()) {
            out.println(INDENT + "(none)");
        }
    }

    /**
     * What a stack row shows and groups by: the innermost frame (where the kernel or library waited), then
     * the innermost Java frames; stacks without Java frames show their innermost JVM (C++) frames instead.
     */
    static String stackKey(BlockedInterval interval) {
        List<BlockedInterval.NamedFrame> frames = interval.frames();
        if (frames.isEmpty()) {
            return "(no stack)";
        }
        BlockedInterval.NamedFrame leaf = frames.get(frames.size() - 1);
        StringBuilder key = new StringBuilder(leaf.name()).append(" [").append(leaf.type()).append(']');
        int java = 0;
        for (int i = frames.size() - 1; i >= 0 && java < JAVA_FRAMES_PER_STACK; i--) {
            if (frames.get(i).javaMethod()) {
                key.append("\n<- ").append(frames.get(i).name());
                java++;
            }
        }
        if (java == 0) {
            // JVM threads (GC, compiler, VM thread) wait in libc for a JVM monitor; the JVM's own frames say which.
            int shown = 0;
            for (int i = frames.size() - 2; i >= 0 && shown < NATIVE_FRAMES_WITHOUT_JAVA; i--) {
                BlockedInterval.NamedFrame f = frames.get(i);
                if (f.type().equals("C++")) {
                    key.append("\n<- ").append(f.name()).append(" [C++]");
                    shown++;
                }
            }
        }
        return key.toString();
    }

    static double share(long part, long total) {
        return total == 0 ? 0.0 : 100.0 * part / total;
    }

    /** Milliseconds with one decimal and thousands separators, e.g. {@code 4,997.8 ms}. */
    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%,.1f ms", nanos / 1e6);
    }

    private static String clock(long epochNanos, ZoneId zone) {
        return LocalDateTime.ofInstant(Instant.ofEpochSecond(0, epochNanos), zone).format(CLOCK);
    }
}
