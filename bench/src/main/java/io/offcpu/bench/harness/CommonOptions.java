package io.offcpu.bench.harness;

import io.offcpu.bench.jvm.ChildJvm;
import io.offcpu.bench.jvm.JavaLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The options every benchmark takes: which agent jars, JDK, peers, rounds and CPUs. A harness parses its
 * own options and hands every other one to {@link #accept}.
 */
public final class CommonOptions {
    public static final String USAGE = String.join(
            "\n",
            "  --agent <jar>            offcpu.jar to measure (default javaagent/target/offcpu.jar)",
            "  --baseline-agent <jar>   a second offcpu.jar measured in the same run, e.g. the 'before' build",
            "  --java <JDK or java>     JDK home or java launcher of the child JVMs (default: this JVM's)",
            "  --async-profiler <path>  libasyncProfiler.so or its jar for the async-profiler peer, or 'none'",
            "                           (default: tools.profiler:async-profiler 4.5 or 4.1 in ~/.m2)",
            "  --peers yes|no           run the peers users would pick instead: JFR, async-profiler (default yes)",
            "  --jvm-option <option>    JVM option for every child (repeatable; default -XX:+PreserveFramePointer)",
            "  --rounds <n>             rounds, each runs every configuration once, in rotating order",
            "  --cpus <list>            taskset CPU list for the profiled JVMs, or 'none'",
            "  --work <dir>             where recordings and extracted libraries go (default /tmp/offcpu-bench)");

    public Path agentJar = Path.of("javaagent/target/offcpu.jar");
    public Path baselineAgentJar;
    public Path java;
    public String asyncProfiler;
    public boolean peers = true;
    public final List<String> jvmOptions = new ArrayList<>();
    private boolean jvmOptionsGiven;
    public int rounds;
    public String cpus;
    public Path work = Path.of("/tmp/offcpu-bench");

    public CommonOptions(int rounds, String cpus) {
        this.rounds = rounds;
        this.cpus = cpus;
    }

    /** Takes {@code name value} when it is a common option; false when it is not one. */
    public boolean accept(String name, String value) {
        switch (name) {
            case "--agent" -> agentJar = Path.of(value);
            case "--baseline-agent" -> baselineAgentJar = Path.of(value);
            case "--java" -> java = Path.of(value);
            case "--async-profiler" -> asyncProfiler = value;
            case "--peers" -> peers = yesOrNo(name, value);
            case "--jvm-option" -> {
                jvmOptions.add(value);
                jvmOptionsGiven = true;
            }
            case "--rounds" -> rounds = positive(name, value);
            case "--cpus" -> cpus = value;
            case "--work" -> work = Path.of(value);
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads {@code args} as one benchmark's name-value pairs: {@code --help}, and a name without a value, end with
     * its usage; the common options are taken here and every other pair goes to {@code own}, which throws for a
     * name it does not know; then {@link #done}.
     */
    public void parse(String[] args, String usage, BiConsumer<String, String> own) {
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException(usage);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value\n" + usage);
            }
            String value = args[++i];
            if (!accept(name, value)) {
                own.accept(name, value);
            }
        }
        done();
    }

    /** Call after the last option: fills in defaults that depend on whether an option was given. */
    public CommonOptions done() {
        if (!jvmOptionsGiven) {
            // Every side pays for frame pointers (README recommends them for the agent), so a ratio shows
            // the profiler's own cost.
            jvmOptions.add("-XX:+PreserveFramePointer");
        }
        return this;
    }

    public boolean pinned() {
        return !cpus.equals("none");
    }

    /** Checks that the agent jars exist, with what to do when not. */
    public void checkAgents() throws IOException {
        for (Path jar : baselineAgentJar == null ? List.of(agentJar) : List.of(agentJar, baselineAgentJar)) {
            if (!Files.isRegularFile(jar)) {
                throw new IOException("agent jar " + jar.toAbsolutePath()
                        + " does not exist: build it (mvn package) or pass --agent <jar>");
            }
        }
    }

    public JavaLauncher launcher() throws IOException {
        return java == null ? JavaLauncher.current() : JavaLauncher.of(java);
    }

    public ChildJvm childJvm() throws IOException {
        return new ChildJvm(launcher(), cpus);
    }

    public static int positive(String name, String value) {
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

    /** Seconds as a number >= 0, e.g. 5 or 0.5. */
    public static double seconds(String name, String value) {
        try {
            double seconds = Double.parseDouble(value);
            if (seconds >= 0) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("bad " + name + " '" + value + "': expected seconds >= 0, e.g. 5");
    }

    private static boolean yesOrNo(String name, String value) {
        return switch (value) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new IllegalArgumentException("bad " + name + " '" + value + "': expected yes or no");
        };
    }
}
