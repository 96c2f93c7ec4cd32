package io.offcpu.bench.allocation;

import io.offcpu.bench.harness.Configuration;
import io.offcpu.bench.harness.Medians;
import io.offcpu.bench.harness.Profilers;
import io.offcpu.bench.harness.Rounds;
import io.offcpu.bench.harness.Table;
import io.offcpu.bench.http.HttpOptions;
import io.offcpu.bench.http.HttpServerRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Steady-state allocation in the profiled JVM's Java heap (goal: a few KB/s at most): the HTTP server
 * under wrk, long after start-up (20 s settle by default), with offcpu; the bytes its threads (names
 * starting with {@code offcpu}) allocated during the measured window, per second and per thread, from the
 * JVM's own per-thread allocation counters ({@code ThreadMXBean.getThreadAllocatedBytes}, the figure JFR's
 * {@code jdk.ThreadAllocationStatistics} reports). The JFR threads (the recording offcpu starts with
 * {@code jfr=default}, or the peer's) and all threads (the application's own rate, for scale) are shown too.
 */
public final class AllocationHarness {
    private AllocationHarness() {}

    public static void main(String[] args) throws Exception {
        HttpOptions options;
        HttpServerRun serverRun;
        try {
            options = HttpOptions.parse("AllocationHarness", 1, 20, 20, args);
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
        if (options.common.peers) {
            configurations.add(profilers.jfr("profile"));
        }
        for (Configuration configuration : configurations) {
            System.out.println(configuration.name() + ": " + String.join(" ", serverRun.command(configuration)));
        }
        System.out.println("load: " + options.wrk().describe() + " (" + options.settleSeconds + " s settle, "
                + options.seconds + " s measured)");
        Map<Configuration, List<HttpServerRun.Result>> results =
                Rounds.run(configurations, options.common.rounds, (configuration, round) -> {
                    HttpServerRun.Result result = serverRun.run(configuration);
                    System.out.printf(
                            "round %d: %-22s %,9.0f requests/s  heap B/s by agent threads %,.0f %s%n",
                            round,
                            configuration.name(),
                            result.wrk().requestsPerSecond(),
                            result.allocatedBytesPerSecond("agentAllocatedBytes"),
                            result.agentThreadBytesPerSecond());
                    return result;
                });
        Table table = new Table(
                "configuration",
                "heap B/s by agent threads",
                "by JFR threads",
                "by all threads",
                "young GCs",
                "young GC ms",
                "requests/s",
                "goal");
        for (Configuration configuration : configurations) {
            List<HttpServerRun.Result> runs = results.get(configuration);
            table.row(
                    configuration.name(),
                    median(runs, r -> r.allocatedBytesPerSecond("agentAllocatedBytes")),
                    median(runs, r -> r.allocatedBytesPerSecond("jfrAllocatedBytes")),
                    median(runs, r -> r.allocatedBytesPerSecond("allAllocatedBytes")),
                    median(runs, HttpServerRun.Result::youngGcsInWindow),
                    median(runs, HttpServerRun.Result::youngGcMsInWindow),
                    median(runs, r -> r.wrk().requestsPerSecond()),
                    configuration.kind() == Configuration.Kind.OFFCPU ? "agent threads: a few KB/s at most" : "");
        }
        System.out.println();
        System.out.println("In the measured window (medians; young GCs and their pauses are the whole JVM's):");
        System.out.print(table.format());
    }

    private static String median(List<HttpServerRun.Result> runs, ToDoubleFunction<HttpServerRun.Result> figure) {
        return String.format(
                "%,.0f", Medians.of(runs.stream().map(figure::applyAsDouble).toList()));
    }
}
