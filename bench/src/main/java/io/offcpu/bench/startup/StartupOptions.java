package io.offcpu.bench.startup;

import io.offcpu.bench.harness.CommonOptions;
import java.util.ArrayList;
import java.util.List;

/** Command-line options of {@link StartupHarness}; see {@link #USAGE}. */
final class StartupOptions {
    static final String USAGE = String.join(
            "\n",
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

    final CommonOptions common = new CommonOptions(3, "none");
    List<Workload> workloads = List.of(Workload.HELLO, Workload.HTTP);
    final List<String> agentOptionSets = new ArrayList<>();
    String task = "idle";
    double holdSeconds = 10;
    boolean httpLoad;
    int connections = 32;
    String wrkCpus = "none";

    static StartupOptions parse(String... args) {
        StartupOptions options = new StartupOptions();
        options.common.parse(args, USAGE, (name, value) -> {
            switch (name) {
                case "--workload" -> options.workloads = Workload.parse(value);
                case "--task" -> options.task = oneOf(name, value, "idle", "light");
                case "--hold" -> options.holdSeconds = CommonOptions.seconds(name, value);
                case "--agent-options" -> options.agentOptionSets.add(value);
                case "--http-load" ->
                    options.httpLoad = oneOf(name, value, "yes", "no").equals("yes");
                case "--connections" -> options.connections = CommonOptions.positive(name, value);
                case "--wrk-cpus" -> options.wrkCpus = value;
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        });
        if (options.agentOptionSets.isEmpty()) {
            options.agentOptionSets.add(""); // the overhead goals are at the default settings
        }
        return options;
    }

    private static String oneOf(String name, String value, String first, String second) {
        if (!value.equals(first) && !value.equals(second)) {
            throw new IllegalArgumentException("bad " + name + " '" + value + "': expected " + first + " or " + second);
        }
        return value;
    }
}
