package io.offcpu.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code offcpu report app.jfr [--html flame.html] ...}: understand a recording without Mission Control. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Summarize the off-CPU events (offcpu.OffCpu) of a recording: total time, by reason, by state and "
                    + "syscall, by thread, the top blocked stacks, who woke them (and where the wakers were), and "
                    + "the profiler's own counters. All times are sums of each event's weight (the off-CPU time it "
                    + "stands for).",
            "With --html, also draw a self-contained flame graph weighted by time; with --wall, one that adds the "
                    + "recording's on-CPU samples (jdk.ExecutionSample, e.g. from jfr=profile); with --wakers, one "
                    + "of the wakers' stacks (offcpu.Wakeup) weighted by the off-CPU time each wakeup ended."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:report written",
            "1:the file cannot be read or holds no offcpu.OffCpu events",
            "2:invalid options"
        })
final class ReportCommand implements Callable<Integer> {
    static final int FAILED = 1;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "a .jfr recording written by offcpu")
    Path file;

    @Option(names = "--html", paramLabel = "FILE", description = "write a self-contained flame graph here")
    Path html;

    @Option(
            names = "--wall",
            description = "the flame graph shows wall time: on-CPU samples (jdk.ExecutionSample, "
                    + "weighted by the sampling period) and off-CPU events, each stack ending in [on-cpu] or "
                    + "[off-cpu: <reason>]; needs --html")
    boolean wall;

    @Option(
            names = "--wakers",
            description = "the flame graph shows the wakers' stacks at the wakeup (offcpu.Wakeup: "
                    + "where a monitor or lock was released), each weighted by the off-CPU time of the event it ended, "
                    + "under a root frame per waker, topped by [woke <thread>]; the filters select the woken events; "
                    + "needs --html")
    boolean wakers;

    @Option(
            names = "--merge-threads",
            description = "one flame graph for all threads instead of a root frame per thread")
    boolean mergeThreads;

    @Option(
            names = "--thread",
            paramLabel = "REGEX",
            description =
                    "only threads whose Java name or kernel name contains a match (Java regex; anchor with ^...$)")
    String threadRegex;

    @Option(
            names = "--reason",
            paramLabel = "R",
            split = ",",
            description =
                    "only these reasons (comma-separated): preempted, lock, idle, sleep, network, disk-io, page-fault, other")
    List<String> reasons = List.of();

    @Option(
            names = "--from",
            paramLabel = "T",
            converter = ReportTimes.PointConverter.class,
            description = "only events starting at or after T: 5s (since the recording started), 10:04:05, "
                    + "or 2026-11-25T10:04:05")
    ReportTimes.Point from;

    @Option(
            names = "--to",
            paramLabel = "T",
            converter = ReportTimes.PointConverter.class,
            description = "only events starting before T (same forms as --from)")
    ReportTimes.Point to;

    @Option(
            names = "--min",
            paramLabel = "DURATION",
            converter = ReportTimes.DurationConverter.class,
            description = "only off-CPU events lasting at least this long, e.g. 1ms, 500us (default: all)")
    Long minNanos;

    @Option(
            names = "--all-threads",
            description = "show the JVM's own threads (GC, JIT compiler, JFR, VM and service "
                    + "threads, the agent's) one by one, like the application's; by default they are one row of the tables by "
                    + "thread and stack, after the application's, and one tower of the flame graph")
    boolean allThreads;

    @Option(
            names = "--top",
            paramLabel = "N",
            defaultValue = "10",
            description = "rows per table (default ${DEFAULT-VALUE})")
    int top;

    /** The zone clock times (--from 10:04:05) are read in and shown in; the system's, like jfr print. */
    ZoneId zone = ZoneId.systemDefault();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Pattern thread = validOptions();
        try {
            run(thread, out, err);
            return 0;
        } catch (ReportFailure e) {
            err.println("offcpu report: " + e.getMessage());
            return FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private void run(Pattern thread, PrintWriter out, PrintWriter err) throws ReportFailure {
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
        ReportFilter filter = filter(thread, recording);
        List<BlockedInterval> selected = filter.offCpu(recording.offCpu());
        List<ReportCpuSample> onCpu = wall ? filter.onCpu(recording.onCpu()) : null;
        ReportSamplingPeriod period = ReportSamplingPeriod.of(recording);

        JvmInternalThreads jvm = allThreads ? null : JvmInternalThreads.of(recording.offCpu());
        TextSummary.print(recording, filter, selected, onCpu, period, top, zone, jvm, out);
        if (html == null) {
            return;
        }
        if (wall && recording.onCpuSampleCount() == 0) {
            err.println("offcpu report: " + file + " holds no jdk.ExecutionSample events, so the --wall graph has "
                    + "only its off-CPU half: record with jfr=profile (JFR's sampler) or cpu=<interval>");
        }
        if (wakers && selected.stream().allMatch(i -> i.waker().frames().isEmpty())) {
            err.println("offcpu report: no selected event links to a waker's stack (offcpu.Wakeup), so the --wakers "
                    + "graph shows only who woke them: waker stacks are taken for threads woken after being off "
                    + "the CPU for the threshold, by a thread of the same JVM");
        }
        try {
            if (wall) {
                FlameGraphHtml.writeWall(
                        selected,
                        onCpu,
                        period.nanos(),
                        "Wall time (on-CPU and off-CPU): " + file.getFileName(),
                        !mergeThreads,
                        jvm,
                        html);
            } else if (wakers) {
                FlameGraphHtml.writeWakers(
                        selected, "Wakers, by the off-CPU time they ended: " + file.getFileName(), !mergeThreads, html);
            } else {
                FlameGraphHtml.writeOffCpu(selected, "Off-CPU time: " + file.getFileName(), !mergeThreads, jvm, html);
            }
        } catch (IOException e) {
            throw new ReportFailure("cannot write the flame graph " + html + ": " + e, e);
        }
        out.println();
        out.println("Flame graph: " + html.toAbsolutePath());
    }

    /** Checks what picocli's types cannot; returns the compiled --thread pattern (null for all threads). */
    private Pattern validOptions() {
        CommandLine cl = spec.commandLine();
        if (top < 1) {
            throw new ParameterException(cl, "--top must be at least 1, was " + top);
        }
        if (wall && html == null) {
            throw new ParameterException(cl, "--wall draws the flame graph: give it a file with --html FILE");
        }
        if (wakers && html == null) {
            throw new ParameterException(cl, "--wakers draws the flame graph: give it a file with --html FILE");
        }
        if (wakers && wall) {
            throw new ParameterException(
                    cl,
                    "--wakers and --wall draw different flame graphs: choose one (run the " + "report twice for both)");
        }
        for (String r : reasons) {
            if (ReportReason.parse(r) == null) {
                throw new ParameterException(
                        cl,
                        "--reason '" + r + "' is not a reason: use one or more of "
                                + String.join(", ", ReportReason.ALL));
            }
        }
        if (threadRegex == null) {
            return null;
        }
        try {
            return Pattern.compile(threadRegex);
        } catch (PatternSyntaxException e) {
            throw new ParameterException(
                    cl,
                    "--thread '" + threadRegex + "' is not a regular expression: " + e.getDescription()
                            + " (near index " + e.getIndex() + ")");
        }
    }

    private ReportFilter filter(Pattern thread, ReportRecording recording) throws ReportFailure {
        Set<String> accepted = new LinkedHashSet<>();
        reasons.forEach(r -> accepted.add(ReportReason.parse(r)));
        long fromNanos = from == null ? Long.MIN_VALUE : from.resolveEpochNanos(recording.startEpochNanos(), zone);
        long toNanos = to == null ? Long.MAX_VALUE : to.resolveEpochNanos(recording.startEpochNanos(), zone);
        if (fromNanos >= toNanos) {
            throw new ReportFailure("--from is not before --to: the time window is empty");
        }
        return new ReportFilter(thread, Set.copyOf(accepted), fromNanos, toNanos, minNanos == null ? 0 : minNanos);
    }
}
