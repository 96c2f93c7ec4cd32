package io.offcpu.bench.startup;

import io.offcpu.bench.harness.CommonOptions;
import io.offcpu.bench.harness.Configuration;
import io.offcpu.bench.harness.Medians;
import io.offcpu.bench.harness.Profilers;
import io.offcpu.bench.harness.Rounds;
import io.offcpu.bench.harness.Table;
import io.offcpu.bench.http.Wrk;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The start-up and memory benchmark (goals: docs/ARCHITECTURE.md, Goals): the hello-world main and the HTTP server, without a
 * profiler, with offcpu, with a plain JFR recording and with async-profiler in wall-clock mode, in rotating
 * order each round. Per configuration: when main() began and how much later than without a profiler, the
 * process's CPU time in its first seconds, VmRSS and VmHWM, the Java heap's committed size and the young
 * collections until then.
 */
public final class StartupHarness {
    private StartupHarness() {}

    public static void main(String[] args) throws Exception {
        StartupOptions options;
        try {
            options = StartupOptions.parse(args);
            options.common.checkAgents();
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        CommonOptions common = options.common;
        Wrk wrk = options.workloads.contains(Workload.HTTP) && options.httpLoad
                ? Wrk.find(options.wrkCpus, 1, options.connections)
                : null;
        StartupRun startupRun =
                new StartupRun(common.childJvm(), common.jvmOptions, wrk, options.task, options.holdSeconds);
        Profilers profilers = new Profilers(common);
        List<Configuration> configurations = new ArrayList<>(List.of(profilers.noAgent()));
        configurations.addAll(profilers.offcpu(options.agentOptionSets));
        configurations.addAll(profilers.peers(null));
        for (Workload workload : options.workloads) {
            String hold = workload == Workload.HELLO ? options.task : wrk == null ? "idle" : "under " + wrk.describe();
            System.out.println(
                    "== " + workload.label() + " (" + hold + "), measured " + options.holdSeconds + " s after launch");
            for (Configuration configuration : configurations) {
                System.out.println(
                        configuration.name() + ": " + String.join(" ", startupRun.command(configuration, workload)));
            }
            Map<Configuration, List<StartupRun.Result>> results =
                    Rounds.run(configurations, common.rounds, (configuration, round) -> {
                        StartupRun.Result result = startupRun.run(configuration, workload);
                        System.out.printf(
                                "round %d: %-22s main() at %5.0f ms  CPU %5.2f s  VmRSS %4.0f MB"
                                        + "  VmHWM %4.0f MB  heap committed %4.0f MB  young GCs %.0f (%.0f ms)%n",
                                round,
                                configuration.name(),
                                result.mainUptimeMs(),
                                result.cpuSeconds(),
                                result.memory().rssMb(),
                                result.memory().hwmMb(),
                                result.heapCommittedMb(),
                                result.snapshot().number("youngGcCount"),
                                result.snapshot().number("youngGcMs"));
                        return result;
                    });
            System.out.println();
            System.out.print(table(configurations, results).format());
            System.out.println("goals for offcpu: main() delay <= 100 ms, CPU in the first 10 s <= +0.5 s,"
                    + " RSS growth <= 48 MB, heap committed unchanged");
            System.out.println();
        }
    }

    static Table table(List<Configuration> configurations, Map<Configuration, List<StartupRun.Result>> results) {
        List<StartupRun.Result> reference = results.get(configurations.get(0));
        Table table = new Table(
                "configuration",
                "main() at ms",
                "delay ms",
                "CPU s",
                "+CPU s",
                "agent threads CPU s",
                "VmRSS MB",
                "+RSS MB",
                "VmHWM MB",
                "heap committed MB",
                "young GCs",
                "young GC ms");
        for (Configuration configuration : configurations) {
            List<StartupRun.Result> runs = results.get(configuration);
            table.row(
                    configuration.name(),
                    format(runs, StartupRun.Result::mainUptimeMs, "%.0f"),
                    difference(runs, reference, StartupRun.Result::mainUptimeMs, "%+.0f"),
                    format(runs, StartupRun.Result::cpuSeconds, "%.2f"),
                    difference(runs, reference, StartupRun.Result::cpuSeconds, "%+.2f"),
                    format(runs, StartupRun.Result::agentCpuSeconds, "%.2f"),
                    format(runs, r -> r.memory().rssMb(), "%.0f"),
                    difference(runs, reference, r -> r.memory().rssMb(), "%+.0f"),
                    format(runs, r -> r.memory().hwmMb(), "%.0f"),
                    format(runs, StartupRun.Result::heapCommittedMb, "%.0f"),
                    format(runs, r -> r.snapshot().number("youngGcCount"), "%.0f"),
                    format(runs, r -> r.snapshot().number("youngGcMs"), "%.0f"));
        }
        return table;
    }

    private static String format(
            List<StartupRun.Result> runs, ToDoubleFunction<StartupRun.Result> figure, String format) {
        return String.format(format, median(runs, figure));
    }

    /** The difference of medians (a start-up delay or a memory growth is a difference, not a ratio). */
    private static String difference(
            List<StartupRun.Result> runs,
            List<StartupRun.Result> reference,
            ToDoubleFunction<StartupRun.Result> figure,
            String format) {
        return String.format(format, median(runs, figure) - median(reference, figure));
    }

    private static double median(List<StartupRun.Result> runs, ToDoubleFunction<StartupRun.Result> figure) {
        return Medians.of(runs.stream().map(figure::applyAsDouble).toList());
    }
}
