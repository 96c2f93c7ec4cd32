package io.offcpu.cli;

import io.offcpu.agent.Durations;
import io.offcpu.agent.ProfilerStatus;
import io.offcpu.report.RecordingContents;
import io.offcpu.report.TextSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code offcpu attach <pid> [--duration 30s] [--file f.jfr] [key=value ...]}: loads offcpu.jar
 * into a running JVM and starts recording; with a duration, waits while showing progress, then
 * stops and writes the file. A JVM that exits before the duration is over writes the file itself as
 * it exits: the command then says so and what the file holds.
 */
@Command(
        name = "attach",
        mixinStandardHelpOptions = true,
        description = "Start recording in a running JVM. With --duration, wait, then stop and write the file.")
final class AttachCommand implements Callable<Integer> {
    private static final long PROGRESS_INTERVAL_MILLIS = 1_000;
    /** How long a JVM that stopped answering, or stopped recording, gets to finish exiting. */
    private static final long EXIT_WAIT_MILLIS = 30_000;

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
            Optional<ProcessHandle> process = ProcessHandle.of(target);
            try (TargetJvm jvm = TargetJvm.attach(target)) {
                System.out.println("pid " + target + ": " + jvm.run("start," + String.join(",", options)));
            } catch (AttachFailure e) {
                if (process.isEmpty() || process.get().isAlive()) {
                    throw e;
                }
                throw new AttachFailure("pid " + target + " exited while offcpu was starting in it: nothing recorded");
            }
            if (durationNanos > 0) {
                long recordedNanos = waitShowingProgress(target, process.orElseThrow(), durationNanos);
                if (recordedNanos >= 0) {
                    System.out.println("pid " + target + " exited after " + TextSummary.seconds(recordedNanos)
                            + " of " + duration + "; it wrote its recording as it exited: "
                            + RecordingContents.describe(output));
                    return 0;
                }
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

    /**
     * Shows progress until the duration is over; returns -1 then, or how long the JVM was recorded if it exited
     * first (its shutdown hook stops the recording and writes the file).
     */
    private static long waitShowingProgress(long target, ProcessHandle process, long durationNanos)
            throws AttachFailure, InterruptedException {
        Progress progress = Progress.forConsole(durationNanos);
        long start = System.nanoTime();
        try {
            while (System.nanoTime() - start < durationNanos) {
                long waitMillis = Math.min(
                        PROGRESS_INTERVAL_MILLIS, (durationNanos - (System.nanoTime() - start)) / 1_000_000 + 1);
                if (exitsWithin(process, waitMillis)) {
                    return System.nanoTime() - start;
                }
                String status;
                try (TargetJvm jvm = TargetJvm.attach(target)) {
                    status = jvm.run("status");
                } catch (AttachFailure e) {
                    if (exitsWithin(process, EXIT_WAIT_MILLIS)) {
                        return System.nanoTime() - start;
                    }
                    throw e;
                }
                if (status.equals(ProfilerStatus.idle().describe())) {
                    // Stopped from elsewhere, or by the JVM's shutdown, which writes the file before it exits.
                    if (exitsWithin(process, EXIT_WAIT_MILLIS)) {
                        return System.nanoTime() - start;
                    }
                    throw new AttachFailure(
                            "pid " + target + " stopped recording before " + Durations.format(durationNanos)
                                    + " were over (offcpu stop, or the application's own call)");
                }
                progress.show(System.nanoTime() - start, status);
            }
            return -1;
        } finally {
            progress.done();
        }
    }

    private static boolean exitsWithin(ProcessHandle process, long millis) throws InterruptedException {
        try {
            process.onExit().get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException stillRunning) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot wait for pid " + process.pid(), e);
        }
    }
}
