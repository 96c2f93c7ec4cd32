package io.offcpu.bench.fidelity;

import io.offcpu.bench.jvm.JavaLauncher;
import io.offcpu.samples.FidelitySample;
import io.offcpu.samples.fidelity.FidelityReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The stack fidelity benchmark (goals: docs/ARCHITECTURE.md, Goals): runs {@code FidelitySample} with the agent on each JDK given,
 * with {@code -XX:+PreserveFramePointer} and with {@code -XX:-PreserveFramePointer}, and prints for each
 * run the share of episodes whose Java frames equal the threads' own {@code Thread.getStackTrace()}, the
 * share with every line right too, the share of truths without an episode, and the most frequent mismatch
 * causes with an example each; then a summary table. Usage: see {@link #USAGE}.
 */
public final class FidelityHarness {
    static final String USAGE = "usage: FidelityHarness --agent <offcpu.jar> [--jdk <JDK home>]... [--seconds N]"
            + " [--work <dir>] [--causes N]\n"
            + "  --jdk        a JDK to run on, repeatable (default /usr/lib/jvm/java-17-openjdk-amd64 and"
            + " /usr/lib/jvm/temurin-25-jdk-amd64)\n"
            + "  --seconds    length of each run (default 10)\n"
            + "  --work       where each run's truths, recording and output go (default /tmp/offcpu-fidelity)\n"
            + "  --causes     how many mismatch causes to print per run (default 8)";
    private static final List<String> DEFAULT_JDKS =
            List.of("/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/temurin-25-jdk-amd64");

    private FidelityHarness() {}

    public static void main(String[] args) throws Exception {
        Path agent = null;
        List<String> jdks = new ArrayList<>();
        int seconds = 10;
        int causes = 8;
        Path work = Path.of("/tmp/offcpu-fidelity");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--agent" -> agent = Path.of(require(args[i], value));
                case "--jdk" -> jdks.add(require(args[i], value));
                case "--seconds" -> seconds = Integer.parseInt(require(args[i], value));
                case "--work" -> work = Path.of(require(args[i], value));
                case "--causes" -> causes = Integer.parseInt(require(args[i], value));
                case "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> fail("unknown argument '" + args[i] + "'");
            }
            i++;
        }
        if (agent == null || !Files.isRegularFile(agent)) {
            fail("agent jar " + agent + " does not exist: build it (mvn package) and pass --agent <offcpu.jar>");
        }
        Path samplesJar = Path.of(FidelitySample.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> summary = new ArrayList<>();
        boolean failed = false;
        for (String jdk : jdks.isEmpty() ? DEFAULT_JDKS : jdks) {
            Path home = Path.of(jdk);
            JavaLauncher launcher = JavaLauncher.of(home);
            int feature = launcher.feature();
            for (boolean framePointers : new boolean[] {true, false}) {
                List<String> options = new ArrayList<>(launcher.releaseOptions());
                options.add(framePointers ? "-XX:+PreserveFramePointer" : "-XX:-PreserveFramePointer");
                String name = "jdk" + feature + (framePointers ? "-fp" : "-nofp");
                FidelityRun run = new FidelityRun(
                        launcher.java(), options, agent.toAbsolutePath(), samplesJar, work.resolve(name), seconds);
                System.out.println("== JDK " + feature + ", " + options.get(options.size() - 1));
                System.out.println(String.join(" ", run.command()));
                try {
                    FidelityReport report = run.run();
                    System.out.print(report.format(causes));
                    summary.add(String.format(
                            "JDK %-3d %-27s frames equal %6.2f%%  lines right %6.2f%%  "
                                    + "no episode %5.2f%%  (%d truths)",
                            feature,
                            options.get(options.size() - 1),
                            100 * report.framesEqualShare(),
                            100 * report.linesEqualShare(),
                            100 * report.unmatchedShare(),
                            report.truthCount()));
                } catch (Exception e) {
                    failed = true;
                    System.out.println("run failed: " + e.getMessage());
                    summary.add(String.format("JDK %-3d %-27s failed", feature, options.get(options.size() - 1)));
                }
                System.out.println();
            }
        }
        System.out.println("== summary (goals: frames equal >= 99% with frame pointers, >= 95% without)");
        summary.forEach(System.out::println);
        System.exit(failed ? 1 : 0);
    }

    private static String require(String option, String value) {
        if (value == null) {
            fail(option + " needs a value");
        }
        return value;
    }

    private static void fail(String message) {
        System.err.println("FidelityHarness: " + message + "\n" + USAGE);
        System.exit(2);
    }
}
