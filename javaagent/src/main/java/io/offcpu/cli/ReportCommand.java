package io.offcpu.cli;

import io.offcpu.report.Report;
import io.offcpu.report.ReportFailure;
import io.offcpu.report.ReportReason;
import io.offcpu.report.ReportTimes;
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
            converter = ReportTimeConverters.PointConverter.class,
            description = "only events starting at or after T: 5s (since the recording started), 10:04:05, "
                    + "or 2026-11-25T10:04:05")
    ReportTimes.Point from;

    @Option(
            names = "--to",
            paramLabel = "T",
            converter = ReportTimeConverters.PointConverter.class,
            description = "only events starting before T (same forms as --from)")
    ReportTimes.Point to;

    @Option(
            names = "--min",
            paramLabel = "DURATION",
            converter = ReportTimeConverters.DurationConverter.class,
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
            Report.write(request(thread), out, err);
            return 0;
        } catch (ReportFailure e) {
            err.println("offcpu report: " + e.getMessage());
            return FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private Report.Request request(Pattern thread) {
        Set<String> accepted = new LinkedHashSet<>();
        reasons.forEach(r -> accepted.add(ReportReason.parse(r)));
        Report.Graph graph = wall ? Report.Graph.WALL : wakers ? Report.Graph.WAKERS : Report.Graph.OFF_CPU;
        return new Report.Request(
                file,
                thread,
                accepted,
                from,
                to,
                minNanos == null ? 0 : minNanos,
                allThreads,
                top,
                zone,
                html,
                graph,
                mergeThreads);
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
}
