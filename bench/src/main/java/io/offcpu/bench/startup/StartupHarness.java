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
 * The start-up and memory benchmark of issue 9: the hello-world main and the HTTP server, without a
 * profiler, with offcpu, with a plain JFR recording and with async-profiler in wall-clock mode, in rotating
 * order each round. Per configuration: when main() began and how much later than without a profiler, the
 * process's CPU time in its first seconds, VmRSS and VmHWM, the Java heap's committed size and the young
 * collections until then.
 */
public final class StartupHarness {
    static final String USAGE = String.join("\n",
            "usage: StartupHarness [options]",
            "  --workload hello|http|both  what to start (default both)",
            "  --task idle|light        the hello world's hold: idle, or a thread ticking every 10 ms (default idle)",
            "  --hold <s>               seconds from launch to the measurement (default 10)",
            "  --agent-options <opts>   an agent option set to measure, repeatable (default: the defaults)",
            "  --http-load yes|no       put the HTTP server under wrk from main() to the measurement (default no:",
            "                           under load, memory follows throughput, which differs by configuration)",
            "  --connections <n>        wrk's connections on the HTTP server (default 32)",
            "  --wrk-cpus <list>        taskset CPU list for wrk, or 'none' (default none)",
            CommonOptions.USAGE,
            "                           (--rounds default 3, --cpus default none)");

    private StartupHarness() {
    }

    public static void main(String[] args) throws Exception {
        CommonOptions common = new CommonOptions(3, "none");
        List<Workload> workloads = List.of(Workload.HELLO, Workload.HTTP);
        List<String> optionSets = new ArrayList<>();
        String task = "idle";
        double holdSeconds = 10;
        int connections = 32;
        String wrkCpus = "none";
        boolean httpLoad = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--help") || name.equals("-h") || i + 1 >= args.length) {
                    throw new IllegalArgumentException((i + 1 >= args.length && !name.startsWith("-h")
                            && !name.equals("--help") ? "option " + name + " needs a value\n" : "") + USAGE);
                }
                String value = args[++i];
                if (common.accept(name, value)) {
                    continue;
                }
                switch (name) {
                    case "--workload" -> workloads = Workload.parse(value);
                    case "--task" -> task = idleOrLight(value);
                    case "--hold" -> holdSeconds = CommonOptions.seconds(name, value);
                    case "--agent-options" -> optionSets.add(value);
                    case "--http-load" -> httpLoad = yesOrNo(name, value);
                    case "--connections" -> connections = CommonOptions.positive(name, value);
                    case "--wrk-cpus" -> wrkCpus = value;
                    default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
                }
            }
            common.done();
            common.checkAgents();
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Wrk wrk = workloads.contains(Workload.HTTP) && httpLoad ? Wrk.find(wrkCpus, 1, connections) : null;
        StartupRun startupRun = new StartupRun(common.childJvm(), common.jvmOptions, wrk, task, holdSeconds);
        Profilers profilers = new Profilers(common);
        List<Configuration> configurations = new ArrayList<>(List.of(profilers.noAgent()));
        configurations.addAll(profilers.offcpu(optionSets.isEmpty() ? List.of("") : optionSets));
        configurations.addAll(profilers.peers(null));
        for (Workload workload : workloads) {
            String hold = workload == Workload.HELLO ? task : wrk == null ? "idle" : "under " + wrk.describe();
            System.out.println("== " + workload.label() + " (" + hold + "), measured " + holdSeconds
                    + " s after launch");
            for (Configuration configuration : configurations) {
                System.out.println(configuration.name() + ": "
                        + String.join(" ", startupRun.command(configuration, workload)));
            }
            Map<Configuration, List<StartupRun.Result>> results = Rounds.run(configurations, common.rounds,
                    (configuration, round) -> {
                        StartupRun.Result result = startupRun.run(configuration, workload);
                        System.out.printf("round %d: %-22s main() at %5.0f ms  CPU %5.2f s  VmRSS %4.0f MB"
                                + "  VmHWM %4.0f MB  heap committed %4.0f MB  young GCs %.0f (%.0f ms)%n", round,
                                configuration.name(), result.mainUptimeMs(), result.cpuSeconds(),
                                result.memory().rssMb(), result.memory().hwmMb(), result.heapCommittedMb(),
                                result.snapshot().number("youngGcCount"), result.snapshot().number("youngGcMs"));
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
        Table table = new Table("configuration", "main() at ms", "delay ms", "CPU s", "+CPU s",
                "agent threads CPU s", "VmRSS MB", "+RSS MB", "VmHWM MB", "heap committed MB", "young GCs",
                "young GC ms");
        for (Configuration configuration : configurations) {
            List<StartupRun.Result> runs = results.get(configuration);
            table.row(configuration.name(),
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

    private static String format(List<StartupRun.Result> runs, ToDoubleFunction<StartupRun.Result> figure,
            String format) {
        return String.format(format, median(runs, figure));
    }

    /** The difference of medians (a start-up delay or a memory growth is a difference, not a ratio). */
    private static String difference(List<StartupRun.Result> runs, List<StartupRun.Result> reference,
            ToDoubleFunction<StartupRun.Result> figure, String format) {
        return String.format(format, median(runs, figure) - median(reference, figure));
    }

    private static double median(List<StartupRun.Result> runs, ToDoubleFunction<StartupRun.Result> figure) {
        return Medians.of(runs.stream().map(figure::applyAsDouble).toList());
    }

    private static boolean yesOrNo(String name, String value) {
        if (!value.equals("yes") && !value.equals("no")) {
            throw new IllegalArgumentException("bad " + name + " '" + value + "': expected yes or no");
        }
        return value.equals("yes");
    }

    private static String idleOrLight(String value) {
        if (!value.equals("idle") && !value.equals("light")) {
            throw new IllegalArgumentException("bad --task '" + value + "': expected idle or light");
        }
        return value;
    }
}
