package io.offcpu.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures the agent's overhead in one run: {@link HandoffBenchmark} in child JVMs, alternately without and
 * with the agent, several rounds; prints each run's throughput and the median ratio "with / without".
 * Rounds alternate which side goes first, so a drift of the machine (other load, thermal) hits both sides.
 * The children are pinned to one CPU with {@code taskset} when it is there, as DESIGN.md's measurements were.
 */
public final class OverheadHarness {
    private final HarnessOptions options;
    private final Path classPath;

    OverheadHarness(HarnessOptions options, Path classPath) {
        this.options = options;
        this.classPath = classPath;
    }

    public static void main(String[] args) throws Exception {
        HarnessOptions options;
        try {
            options = HarnessOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options.candidateOptions.isEmpty() && !Files.isRegularFile(options.agentJar)) {
            System.err.println("agent jar " + options.agentJar.toAbsolutePath()
                    + " does not exist: build it (mvn package) or pass --agent <jar>");
            System.exit(2);
        }
        Path classPath = Path.of(OverheadHarness.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        System.exit(new OverheadHarness(options, classPath).run() ? 0 : 1);
    }

    /** Runs all rounds and prints the results; false when a child JVM failed. */
    boolean run() throws IOException, InterruptedException {
        List<String> prefix = cpuPinning();
        System.out.println("without: " + String.join(" ", command(prefix, List.of())));
        System.out.println("with:    " + String.join(" ", command(prefix, options.withOptions())));
        double[] without = new double[options.rounds];
        double[] with = new double[options.rounds];
        double[] ratios = new double[options.rounds];
        for (int round = 0; round < options.rounds; round++) {
            boolean withFirst = round % 2 == 1;
            if (withFirst) {
                with[round] = measure(prefix, options.withOptions());
                without[round] = measure(prefix, List.of());
            } else {
                without[round] = measure(prefix, List.of());
                with[round] = measure(prefix, options.withOptions());
            }
            if (Double.isNaN(without[round]) || Double.isNaN(with[round])) {
                return false;
            }
            ratios[round] = with[round] / without[round];
            System.out.printf("round %d: without %,.0f handoffs/s, with %,.0f handoffs/s, ratio %.3f%n",
                    round + 1, without[round], with[round], ratios[round]);
        }
        System.out.printf("median: without %,.0f handoffs/s, with %,.0f handoffs/s%n", median(without),
                median(with));
        System.out.printf("median ratio with/without: %.3f (of medians: %.3f)%n", median(ratios),
                median(with) / median(without));
        return true;
    }

    /** One child JVM's hand-offs per second, or NaN (after printing its output) when it failed. */
    private double measure(List<String> prefix, List<String> withOptions) throws IOException, InterruptedException {
        List<String> command = command(prefix, withOptions);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = child.waitFor();
        for (String line : output.split("\n")) {
            if (line.startsWith(HandoffBenchmark.RESULT_PREFIX) && status == 0) {
                String number = line.substring(HandoffBenchmark.RESULT_PREFIX.length()).split(" ")[0];
                return Double.parseDouble(number);
            }
        }
        System.err.println("child JVM failed (exit status " + status + "): " + String.join(" ", command) + "\n"
                + output);
        return Double.NaN;
    }

    private List<String> command(List<String> prefix, List<String> withOptions) {
        List<String> command = new ArrayList<>(prefix);
        command.add(options.java.toString());
        command.addAll(options.commonOptions);
        command.addAll(withOptions);
        command.addAll(List.of("-cp", classPath.toString(), HandoffBenchmark.class.getName(), options.seconds,
                options.warmupSeconds));
        return command;
    }

    private List<String> cpuPinning() {
        if (!options.pinned()) {
            return List.of();
        }
        Path taskset = findOnPath("taskset");
        if (taskset == null) {
            System.out.println("taskset not found on PATH: children run unpinned");
            return List.of();
        }
        return List.of(taskset.toString(), "-c", options.cpus);
    }

    private static Path findOnPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator))
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
