package io.offcpu.bench.handoff;

import io.offcpu.bench.harness.CommonOptions;
import io.offcpu.bench.harness.Configuration;
import io.offcpu.bench.harness.Configuration.Kind;
import io.offcpu.bench.harness.Profilers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Command-line options of {@link OverheadHarness}; see {@link #USAGE}. */
final class HarnessOptions {
    static final String USAGE = String.join(
            "\n",
            "usage: OverheadHarness [options]",
            "  --agent-options <opts>   an agent option set to measure, repeatable ('' for the defaults; default:",
            "                           the defaults, threshold=0, sampling=1ms); file= goes under --work if absent",
            "  --candidate <jvm option> compare this JVM option instead of the agent and peers (repeatable)",
            "  --seconds <s>            measured seconds per run (default 5)",
            "  --warmup <s>             seconds from main() to the measured part, not measured (default 2; the",
            "                           steady-state goals are measured with --warmup 20)",
            CommonOptions.USAGE,
            "                           (--rounds default 5, --cpus default 0)");
    /** The option sets of the hand-off goals: defaults, every episode with its stacks, sampling. */
    static final List<String> DEFAULT_OPTION_SETS = List.of("", "threshold=0", "sampling=1ms");

    final CommonOptions common = new CommonOptions(5, "0");
    final List<String> agentOptionSets = new ArrayList<>();
    final List<String> candidateOptions = new ArrayList<>();
    String seconds = "5";
    String warmupSeconds = "2";

    static HarnessOptions parse(String... args) {
        HarnessOptions options = new HarnessOptions();
        options.common.parse(args, USAGE, (name, value) -> {
            switch (name) {
                case "--agent-options" -> options.agentOptionSets.add(value);
                case "--candidate" -> options.candidateOptions.add(value);
                case "--seconds" -> options.seconds = Double.toString(HandoffBenchmark.parseSeconds(value));
                case "--warmup" -> options.warmupSeconds = Double.toString(HandoffBenchmark.parseSeconds(value));
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        });
        return options;
    }

    /**
     * No agent first (the reference of every ratio), then the candidate, or offcpu with each option set
     * followed by the peers.
     */
    List<Configuration> configurations() throws IOException {
        Profilers profilers = new Profilers(common);
        List<Configuration> configurations = new ArrayList<>(List.of(profilers.noAgent()));
        if (!candidateOptions.isEmpty()) {
            configurations.add(new Configuration("candidate", Kind.OTHER, candidateOptions));
            return configurations;
        }
        configurations.addAll(profilers.offcpu(agentOptionSets.isEmpty() ? DEFAULT_OPTION_SETS : agentOptionSets));
        configurations.addAll(profilers.peers("profile"));
        return configurations;
    }
}
