package io.offcpu.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command-line options of {@link OverheadHarness}; see {@link #USAGE}. */
final class HarnessOptions {
    static final String USAGE = String.join("\n",
            "usage: OverheadHarness [options]",
            "  --agent <jar>            agent jar (default javaagent/target/offcpu.jar)",
            "  --agent-options <opts>   agent options (default file=/tmp/offcpu-bench.jfr,threshold=1ms)",
            "  --candidate <jvm option> compare this JVM option instead of the agent (repeatable)",
            "  --jvm-option <option>    JVM option for both runs (repeatable; default -XX:+PreserveFramePointer)",
            "  --java <path>            java launcher of the child JVMs (default: this JVM's)",
            "  --rounds <n>             rounds, each one run without and one with (default 5)",
            "  --seconds <s>            measured seconds per run (default 5)",
            "  --warmup <s>             warm-up seconds per run, not measured (default 2)",
            "  --cpus <list>            taskset CPU list for the child JVMs, or 'none' (default 0)");

    Path agentJar = Path.of("javaagent/target/offcpu.jar");
    String agentOptions = "file=/tmp/offcpu-bench.jfr,threshold=1ms";
    final List<String> candidateOptions = new ArrayList<>();
    final List<String> commonOptions = new ArrayList<>();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    int rounds = 5;
    String seconds = "5";
    String warmupSeconds = "2";
    String cpus = "0";

    static HarnessOptions parse(String... args) {
        HarnessOptions options = new HarnessOptions();
        boolean commonGiven = false;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (name) {
                case "--agent" -> options.agentJar = Path.of(value);
                case "--agent-options" -> options.agentOptions = value;
                case "--candidate" -> options.candidateOptions.add(value);
                case "--jvm-option" -> {
                    options.commonOptions.add(value);
                    commonGiven = true;
                }
                case "--java" -> options.java = Path.of(value);
                case "--rounds" -> options.rounds = positive(name, value);
                case "--seconds" -> options.seconds = Double.toString(HandoffBenchmark.parseSeconds(value));
                case "--warmup" -> options.warmupSeconds = Double.toString(HandoffBenchmark.parseSeconds(value));
                case "--cpus" -> options.cpus = value;
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        if (!commonGiven) {
            // Both sides pay for frame pointers, so the ratio shows the agent's own cost.
            options.commonOptions.add("-XX:+PreserveFramePointer");
        }
        return options;
    }

    /** The JVM options that make a run "with": the candidate options, or the agent. */
    List<String> withOptions() {
        if (!candidateOptions.isEmpty()) {
            return List.copyOf(candidateOptions);
        }
        return List.of("-javaagent:" + agentJar.toAbsolutePath() + "=" + agentOptions);
    }

    boolean pinned() {
        return !cpus.equals("none");
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("bad " + name + " '" + value + "': expected a whole number > 0");
    }
}
