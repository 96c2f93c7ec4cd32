package io.offcpu.bench.jvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A running benchmark child: its output (stdout and stderr merged) read as it comes, its result lines
 * awaited one by one, commands sent on its stdin. Closing stdin tells every workload here to exit.
 */
public final class ChildProcess {
    /** Children still running; a harness stopped by Ctrl-C or a failure takes them along. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "offcpu-bench-children"));
    }

    private final List<String> command;
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final BlockingQueue<ResultLine> results = new LinkedBlockingQueue<>();

    private ChildProcess(List<String> command, Process process) {
        this.command = command;
        this.process = process;
        RUNNING.add(process);
        Thread reader = new Thread(this::readOutput, "offcpu-bench-child-output");
        reader.setDaemon(true);
        reader.start();
    }

    public static ChildProcess start(List<String> command) throws IOException {
        return new ChildProcess(
                command, new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /**
     * The pid of the JVM: {@code taskset} execs the command it runs, so the pid is the JVM's with or
     * without the prefix.
     */
    public long pid() {
        return process.pid();
    }

    /** The next result line of this kind; fails with the child's output when it does not come in time. */
    public ResultLine await(String kind, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ResultLine line = results.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line != null && line.kind().equals(kind)) {
                return line;
            }
            if (line == null) {
                throw failure("no '" + kind + "' line within " + timeout.toSeconds() + " s");
            }
        }
    }

    /** Sends one line on the child's stdin (a workload's command, e.g. {@code snapshot}). */
    public void send(String line) throws IOException {
        OutputStream stdin = process.getOutputStream();
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /**
     * Closes stdin (the workload exits) and waits for the JVM to end; fails unless it exits with 0. A JVM
     * still writing its recordings after {@code timeout} is killed with a line saying so: what it measured
     * stands, and the next run should not share the machine with it.
     */
    public void finish(Duration timeout) throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            System.out.println("(child JVM " + pid() + " did not exit within " + timeout.toSeconds()
                    + " s of its stdin closing: killed)");
            kill();
            return;
        }
        RUNNING.remove(process);
        if (process.exitValue() != 0) {
            throw failure("exit status " + process.exitValue());
        }
    }

    /** Ends the child now (after a failure elsewhere) and waits for it to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        RUNNING.remove(process);
    }

    public IOException failure(String what) {
        return new IOException("child JVM " + what + ": " + String.join(" ", command) + "\n" + output);
    }

    private void readOutput() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                output.append(line).append('\n');
                ResultLine.parse(line).ifPresent(results::add);
            }
        } catch (IOException e) {
            output.append("(reading the output failed: ").append(e.getMessage()).append(")\n");
        }
    }
}
