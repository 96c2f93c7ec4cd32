package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A started sample JVM. Killed when it outlives the timeout given to {@link #awaitExit}. */
public final class SampleProcess {
    private static final long POLL_MILLIS = 20;

    private final SampleLaunch launch;
    private final Process process;

    SampleProcess(SampleLaunch launch, Process process) {
        this.launch = launch;
        this.process = process;
    }

    public long pid() {
        return process.pid();
    }

    /** Waits until the sample has printed every thread's tid and "ready". */
    public SampleReport awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            SampleReport report = new SampleReport(read(launch.stdoutFile()));
            if (report.isReady()) {
                return report;
            }
            if (!process.isAlive()) {
                fail("sample exited with status " + process.exitValue() + " before it was ready\n" + describe());
            }
            Thread.sleep(POLL_MILLIS);
        }
        process.destroyForcibly();
        return fail("sample not ready after " + timeout.toMillis() + " ms\n" + describe());
    }

    /** Kills the JVM with SIGKILL (no shutdown hooks run), and returns what it left. */
    public SampleResult kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return new SampleResult(launch, process.exitValue(), read(launch.stdoutFile()), read(launch.stderrFile()));
    }

    public SampleResult awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("sample still running after " + timeout.toMillis() + " ms, killed\n" + describe());
        }
        return new SampleResult(launch, process.exitValue(), read(launch.stdoutFile()), read(launch.stderrFile()));
    }

    private String describe() {
        return "command: " + launch + "\nstdout:\n" + read(launch.stdoutFile()) + "\nstderr:\n"
                + read(launch.stderrFile());
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
