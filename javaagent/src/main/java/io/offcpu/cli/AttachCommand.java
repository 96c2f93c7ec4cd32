package io.offcpu.cli;

import io.offcpu.agent.Durations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code offcpu attach <pid> [--duration 30s] [--file f.jfr] [key=value ...]}: loads offcpu.jar
 * into a running JVM and starts recording; with a duration, waits while showing progress, then
 * stops and writes the file.
 */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = "Start recording in a running JVM. With --duration, wait, then stop and write the file.")
final class AttachCommand implements Callable<Integer> {
    private static final long PROGRESS_INTERVAL_MILLIS = 1_000;

    @Parameters(index = "0", paramLabel = "PID", description = "the JVM's process id (see offcpu list)")
    String pid;

    @Parameters(index = "1..*", paramLabel = "OPTION", description = "agent options as key=value, e.g. threshold=1ms")
    List<String> agentOptions = new ArrayList<>();

    @Option(names = "--duration", paramLabel = "TIME", description = "record this long (e.g. 30s), then stop")
    String duration;

    @Option(names = "--file", paramLabel = "FILE", description = "output file (default offcpu-<pid>.jfr here)")
    Path file;

    @Override
    public Integer call() throws InterruptedException {
        try {
            long target = PidArgument.parse(pid);
            long durationNanos = duration == null ? 0 : Durations.parseNanos("--duration", duration);
            Path output = (file != null ? file : Path.of("offcpu-" + target + ".jfr")).toAbsolutePath();
            List<String> options = new ArrayList<>(List.of("file=" + output));
            options.addAll(agentOptions);
            try (TargetJvm jvm = TargetJvm.attach(target)) {
                System.out.println("pid " + target + ": " + jvm.run("start," + String.join(",", options)));
            }
            if (durationNanos > 0) {
                waitShowingProgress(target, durationNanos);
                try (TargetJvm jvm = TargetJvm.attach(target)) {
                    System.out.println("pid " + target + ": " + jvm.run("stop"));
                }
            }
            return 0;
        } catch (AttachFailure | IllegalArgumentException e) {
            System.err.println("offcpu attach: " + e.getMessage());
            return 1;
        }
    }

    private static void waitShowingProgress(long target, long durationNanos) throws AttachFailure,
            InterruptedException {
        Progress progress = Progress.forConsole(durationNanos);
        long start = System.nanoTime();
        while (System.nanoTime() - start < durationNanos) {
            Thread.sleep(Math.min(PROGRESS_INTERVAL_MILLIS, (durationNanos - (System.nanoTime() - start)) / 1_000_000 + 1));
            try (TargetJvm jvm = TargetJvm.attach(target)) {
                progress.show(System.nanoTime() - start, jvm.run("status"));
            }
        }
        progress.done();
    }
}
