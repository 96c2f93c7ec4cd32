package io.offcpu.bench.http;

import io.offcpu.bench.harness.Configuration;
import io.offcpu.bench.harness.Medians;
import io.offcpu.bench.harness.Profilers;
import io.offcpu.bench.harness.Rounds;
import io.offcpu.bench.harness.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The HTTP server benchmark (goals: docs/ARCHITECTURE.md, Goals): {@link HttpServerWorkload} pinned to one CPU under {@code wrk} on
 * another, without a profiler, with offcpu, with JFR's {@code profile} settings and with async-profiler in
 * wall-clock mode, in rotating order each round. Prints each run's requests per second and p99 latency, then
 * per configuration the median ratio of throughput to no agent and the change of the median p99, and what
 * the profilers cost inside the server during the measured window.
 */
public final class HttpHarness {
    private HttpHarness() {}

    public static void main(String[] args) throws Exception {
        HttpOptions options;
        HttpServerRun serverRun;
        try {
            options = HttpOptions.parse("HttpHarness", 3, 4, 8, args);
            options.common.checkAgents();
            serverRun = options.serverRun();
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Profilers profilers = new Profilers(options.common);
        List<Configuration> configurations = new ArrayList<>(List.of(profilers.noAgent()));
        configurations.addAll(profilers.offcpu(options.agentOptionSets));
        configurations.addAll(profilers.peers("profile"));
        for (Configuration configuration : configurations) {
            System.out.println(configuration.name() + ": " + String.join(" ", serverRun.command(configuration)));
        }
        System.out.println("load: " + options.wrk().describe() + " (" + options.settleSeconds + " s settle, "
                + options.seconds + " s measured)");
        Map<Configuration, List<HttpServerRun.Result>> results =
                Rounds.run(configurations, options.common.rounds, (configuration, round) -> {
                    HttpServerRun.Result result = serverRun.run(configuration);
                    System.out.printf(
                            "round %d: %-22s %,9.0f requests/s  p99 %7.2f ms  agent threads %.2f s CPU%s%n",
                            round,
                            configuration.name(),
                            result.wrk().requestsPerSecond(),
                            result.wrk().p99Ms(),
                            result.agentCpuSeconds(),
                            result.wrk().socketErrors() > 0
                                    ? "  (" + result.wrk().socketErrors() + " socket errors)"
                                    : "");
                    return result;
                });
        System.out.println();
        System.out.print(throughputTable(configurations, results).format());
        System.out.println();
        System.out.println("Inside the server during the measured window (medians):");
        System.out.print(costTable(configurations, results).format());
    }

    static Table throughputTable(
            List<Configuration> configurations, Map<Configuration, List<HttpServerRun.Result>> results) {
        List<Double> reference =
                figures(results.get(configurations.get(0)), r -> r.wrk().requestsPerSecond());
        double referenceP99 = Medians.of(
                figures(results.get(configurations.get(0)), r -> r.wrk().p99Ms()));
        Table table = new Table(
                "configuration",
                "median requests/s",
                "median ratio to no-agent",
                "median p99 ms",
                "p99 change",
                "goal");
        for (Configuration configuration : configurations) {
            List<Double> throughput =
                    figures(results.get(configuration), r -> r.wrk().requestsPerSecond());
            double p99 =
                    Medians.of(figures(results.get(configuration), r -> r.wrk().p99Ms()));
            table.row(
                    configuration.name(),
                    String.format("%,.0f", Medians.of(throughput)),
                    String.format("%.3f", Medians.ofRatios(throughput, reference)),
                    String.format("%.2f", p99),
                    String.format("%+.1f%%", 100 * (p99 / referenceP99 - 1)),
                    configuration.kind() == Configuration.Kind.OFFCPU ? ">= 0.97, p99 within +10%" : "");
        }
        return table;
    }

    static Table costTable(List<Configuration> configurations, Map<Configuration, List<HttpServerRun.Result>> results) {
        Table table = new Table(
                "configuration",
                "process CPU s",
                "agent threads CPU s",
                "heap B/s by agent threads",
                "by JFR threads",
                "by all threads",
                "young GCs",
                "young GC ms",
                "VmRSS MB");
        for (Configuration configuration : configurations) {
            List<HttpServerRun.Result> runs = results.get(configuration);
            table.row(
                    configuration.name(),
                    median(runs, HttpServerRun.Result::processCpuSeconds, "%.2f"),
                    median(runs, HttpServerRun.Result::agentCpuSeconds, "%.2f"),
                    median(runs, r -> r.allocatedBytesPerSecond("agentAllocatedBytes"), "%,.0f"),
                    median(runs, r -> r.allocatedBytesPerSecond("jfrAllocatedBytes"), "%,.0f"),
                    median(runs, r -> r.allocatedBytesPerSecond("allAllocatedBytes"), "%,.0f"),
                    median(runs, HttpServerRun.Result::youngGcsInWindow, "%.0f"),
                    median(runs, HttpServerRun.Result::youngGcMsInWindow, "%.0f"),
                    median(runs, r -> r.memory().rssMb(), "%.0f"));
        }
        return table;
    }

    private static String median(
            List<HttpServerRun.Result> runs, ToDoubleFunction<HttpServerRun.Result> figure, String format) {
        return String.format(format, Medians.of(figures(runs, figure)));
    }

    private static List<Double> figures(
            List<HttpServerRun.Result> runs, ToDoubleFunction<HttpServerRun.Result> figure) {
        return runs.stream().map(figure::applyAsDouble).toList();
    }
}
