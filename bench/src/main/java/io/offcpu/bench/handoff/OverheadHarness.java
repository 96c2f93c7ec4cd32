package io.offcpu.bench.handoff;

import io.offcpu.bench.harness.Configuration;
import io.offcpu.bench.harness.Medians;
import io.offcpu.bench.harness.Rounds;
import io.offcpu.bench.harness.Table;
import io.offcpu.bench.jvm.ChildJvm;
import io.offcpu.bench.jvm.ChildProcess;
import io.offcpu.bench.jvm.ResultLine;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The hand-off benchmark: {@link HandoffBenchmark} in child JVMs pinned to one CPU, without a profiler,
 * with offcpu at each option set and with the peers, in rotating order each round; prints each run's
 * hand-offs per second and, per configuration, the median and the median of its per-round ratios to
 * no agent.
 */
public final class OverheadHarness {
    private final HarnessOptions options;
    private final ChildJvm childJvm;

    OverheadHarness(HarnessOptions options, ChildJvm childJvm) {
        this.options = options;
        this.childJvm = childJvm;
    }

    public static void main(String[] args) throws Exception {
        HarnessOptions options;
        try {
            options = HarnessOptions.parse(args);
            if (options.candidateOptions.isEmpty()) {
                options.common.checkAgents();
            }
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        new OverheadHarness(options, options.common.childJvm()).run();
    }

    void run() throws Exception {
        List<Configuration> configurations = options.configurations();
        for (Configuration configuration : configurations) {
            System.out.println(configuration.name() + ": " + String.join(" ", command(configuration)));
        }
        Map<Configuration, List<Double>> results = Rounds.run(configurations, options.common.rounds, this::measure);
        List<Double> reference = results.get(configurations.get(0));
        Table table = new Table("configuration", "median handoffs/s", "median ratio to no-agent", "goal");
        for (Configuration configuration : configurations) {
            List<Double> perSecond = results.get(configuration);
            table.row(
                    configuration.name(),
                    String.format("%,.0f", Medians.of(perSecond)),
                    String.format("%.3f", Medians.ofRatios(perSecond, reference)),
                    goal(configuration));
        }
        System.out.println();
        System.out.print(table.format());
    }

    private double measure(Configuration configuration, int round) throws Exception {
        ChildProcess child = childJvm.start(
                jvmOptions(configuration), HandoffBenchmark.class, List.of(options.seconds, options.warmupSeconds));
        try {
            ResultLine result = child.await(
                    "",
                    Duration.ofSeconds(120
                            + (long)
                                    (Double.parseDouble(options.seconds) + Double.parseDouble(options.warmupSeconds))));
            child.finish(Duration.ofSeconds(60));
            double perSecond = result.number("handoffsPerSecond");
            System.out.printf(
                    "round %d: %-24s %,11.0f handoffs/s (measured from %.1f s of JVM uptime)%n",
                    round, configuration.name(), perSecond, result.number("measuredFromUptimeSeconds"));
            return perSecond;
        } finally {
            child.kill();
        }
    }

    private List<String> command(Configuration configuration) {
        return childJvm.command(
                jvmOptions(configuration), HandoffBenchmark.class, List.of(options.seconds, options.warmupSeconds));
    }

    private List<String> jvmOptions(Configuration configuration) {
        List<String> jvmOptions = new java.util.ArrayList<>(options.common.jvmOptions);
        jvmOptions.addAll(configuration.jvmOptions());
        return jvmOptions;
    }

    /** The goals for the hand-off steady state, by option set. */
    static String goal(Configuration configuration) {
        String name = configuration.name();
        if (!name.equals("offcpu") && !name.startsWith("offcpu:")) {
            return "";
        }
        return switch (name) {
            case "offcpu" -> ">= 0.85";
            case "offcpu:threshold=0" -> ">= 0.60";
            case "offcpu:sampling=1ms" -> ">= offcpu's";
            default -> "";
        };
    }
}
