package io.offcpu.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A recording's off-CPU report: the text summary and, when asked, one flame graph. The command line
 * ({@code io.offcpu.cli.ReportCommand}) checks the options and builds a {@link Request}; everything from
 * reading the file to writing the graph is here.
 */
public final class Report {
    /** Which flame graph {@code --html} draws. */
    public enum Graph {
        /** Off-CPU time by stack (the default). */
        OFF_CPU,
        /** On-CPU samples and off-CPU events together ({@code --wall}). */
        WALL,
        /** The wakers' stacks, by the off-CPU time each wakeup ended ({@code --wakers}). */
        WAKERS
    }

    /**
     * What to report.
     *
     * @param thread       only threads whose Java or kernel name contains a match; null for all
     * @param reasons      only these reasons (as {@link ReportReason#parse} returns them); empty for all
     * @param from         only events starting at or after; null for the recording's start
     * @param to           only events starting before; null for its end
     * @param allThreads   the JVM's own threads one by one instead of one summarized group
     * @param zone         the zone clock times are read and shown in
     * @param html         where to write the flame graph; null for none
     */
    public record Request(
            Path file,
            Pattern thread,
            Set<String> reasons,
            ReportTimes.Point from,
            ReportTimes.Point to,
            long minNanos,
            boolean allThreads,
            int top,
            ZoneId zone,
            Path html,
            Graph graph,
            boolean mergeThreads) {}

    private Report() {}

    /** Writes the report to out, warnings about what the file lacks to err. */
    public static void write(Request request, PrintWriter out, PrintWriter err) throws ReportFailure {
        Path file = request.file();
        boolean wall = request.graph() == Graph.WALL;
        ReportRecording recording = RecordingReader.read(file, wall);
        if (recording.offCpu().isEmpty()) {
            throw new ReportFailure(file + " holds no " + RecordingReader.OFF_CPU_EVENT + " events: it was not "
                    + "recorded with the offcpu agent (java -javaagent:offcpu.jar=file=" + file.getFileName()
                    + " ..., or java -jar offcpu.jar attach <pid>), or the agent recorded nothing"
                    + recording
                            .statistics()
                            .map(s -> " (its counters say " + s.switchesSeen() + " switches seen, "
                                    + s.episodesEmitted() + " episodes emitted)")
                            .orElse(""));
        }
        ReportFilter filter = filter(request, recording);
        List<BlockedInterval> selected = filter.offCpu(recording.offCpu());
        List<ReportCpuSample> onCpu = wall ? filter.onCpu(recording.onCpu()) : null;
        ReportSamplingPeriod period = ReportSamplingPeriod.of(recording);

        JvmInternalThreads jvm = request.allThreads() ? null : JvmInternalThreads.of(recording.offCpu());
        TextSummary.print(recording, filter, selected, onCpu, period, request.top(), request.zone(), jvm, out);
        Path html = request.html();
        if (html == null) {
            return;
        }
        if (wall && recording.onCpuSampleCount() == 0) {
            err.println("offcpu report: " + file + " holds no jdk.ExecutionSample events, so the --wall graph has "
                    + "only its off-CPU half: record with jfr=profile (JFR's sampler) or cpu=<interval>");
        }
        if (request.graph() == Graph.WAKERS
                && selected.stream().allMatch(i -> i.waker().frames().isEmpty())) {
            err.println("offcpu report: no selected event links to a waker's stack (offcpu.Wakeup), so the --wakers "
                    + "graph shows only who woke them: waker stacks are taken for threads woken after being off "
                    + "the CPU for the sampling period (or threshold), by a thread of the same JVM");
        }
        boolean byThread = !request.mergeThreads();
        try {
            switch (request.graph()) {
                case WALL ->
                    FlameGraphHtml.writeWall(
                            selected,
                            onCpu,
                            period.nanos(),
                            "Wall time (on-CPU and off-CPU): " + file.getFileName(),
                            byThread,
                            jvm,
                            html);
                case WAKERS ->
                    FlameGraphHtml.writeWakers(
                            selected, "Wakers, by the off-CPU time they ended: " + file.getFileName(), byThread, html);
                case OFF_CPU ->
                    FlameGraphHtml.writeOffCpu(selected, "Off-CPU time: " + file.getFileName(), byThread, jvm, html);
            }
        } catch (IOException e) {
            throw new ReportFailure("cannot write the flame graph " + html + ": " + e, e);
        }
        out.println();
        out.println("Flame graph: " + html.toAbsolutePath());
    }

    private static ReportFilter filter(Request request, ReportRecording recording) throws ReportFailure {
        long start = recording.startEpochNanos();
        long fromNanos =
                request.from() == null ? Long.MIN_VALUE : request.from().resolveEpochNanos(start, request.zone());
        long toNanos = request.to() == null ? Long.MAX_VALUE : request.to().resolveEpochNanos(start, request.zone());
        if (fromNanos >= toNanos) {
            throw new ReportFailure("--from is not before --to: the time window is empty");
        }
        return new ReportFilter(
                request.thread(), Set.copyOf(request.reasons()), fromNanos, toNanos, request.minNanos());
    }
}
