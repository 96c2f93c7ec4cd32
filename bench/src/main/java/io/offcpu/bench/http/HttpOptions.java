package io.offcpu.bench.http;

import io.offcpu.bench.harness.CommonOptions;
import java.util.ArrayList;
import java.util.List;

/** Command-line options of {@link HttpHarness} and of the allocation harness that reuses its server run. */
public final class HttpOptions {
    public static final String USAGE = String.join(
            "\n",
            "  --agent-options <opts>   an agent option set to measure, repeatable (default: the defaults)",
            "  --settle <s>             seconds of load before the measured part (default %d)",
            "  --seconds <s>            measured seconds of load per run (default %d)",
            "  --workers <n>            the server's worker threads (default 16)",
            "  --connections <n>        wrk's connections (default 32)",
            "  --wrk-threads <n>        wrk's threads (default 1)",
            "  --wrk-cpus <list>        taskset CPU list for wrk, or 'none' (default 1)",
            CommonOptions.USAGE,
            "                           (--rounds default %d, --cpus default 0: the server)");

    public final CommonOptions common;
    public final List<String> agentOptionSets = new ArrayList<>();
    public long settleSeconds;
    public long seconds;
    public int workers = 16;
    public int connections = 32;
    public int wrkThreads = 1;
    public String wrkCpus = "1";

    private HttpOptions(int rounds, long settleSeconds, long seconds) {
        this.common = new CommonOptions(rounds, "0");
        this.settleSeconds = settleSeconds;
        this.seconds = seconds;
    }

    public static String usage(String harness, int rounds, long settleSeconds, long seconds) {
        return "usage: " + harness + " [options]\n" + String.format(USAGE, settleSeconds, seconds, rounds);
    }

    /** Parses {@code args} over the given defaults; the usage text is the message of a bad argument. */
    public static HttpOptions parse(String harness, int rounds, long settleSeconds, long seconds, String... args) {
        HttpOptions options = new HttpOptions(rounds, settleSeconds, seconds);
        String usage = usage(harness, rounds, settleSeconds, seconds);
        options.common.parse(args, usage, (name, value) -> {
            switch (name) {
                case "--agent-options" -> options.agentOptionSets.add(value);
                case "--settle" -> options.settleSeconds = wholeSeconds(name, value);
                case "--seconds" -> options.seconds = Math.max(1, wholeSeconds(name, value));
                case "--workers" -> options.workers = CommonOptions.positive(name, value);
                case "--connections" -> options.connections = CommonOptions.positive(name, value);
                case "--wrk-threads" -> options.wrkThreads = CommonOptions.positive(name, value);
                case "--wrk-cpus" -> options.wrkCpus = value;
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + usage);
            }
        });
        if (options.agentOptionSets.isEmpty()) {
            options.agentOptionSets.add(""); // the overhead goal is at the default settings
        }
        return options;
    }

    /** wrk takes whole seconds. */
    private static long wholeSeconds(String name, String value) {
        double seconds = CommonOptions.seconds(name, value);
        if (seconds != Math.rint(seconds)) {
            throw new IllegalArgumentException(
                    "bad " + name + " '" + value + "': expected whole seconds (wrk's" + " unit), e.g. 8");
        }
        return (long) seconds;
    }

    public Wrk wrk() throws java.io.IOException {
        return Wrk.find(wrkCpus, wrkThreads, connections);
    }

    public HttpServerRun serverRun() throws java.io.IOException {
        return new HttpServerRun(common.childJvm(), common.jvmOptions, wrk(), workers, settleSeconds, seconds);
    }
}
