package io.offcpu.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a JDK's {@code jfr print} on a recording: a reader we did not write. */
public final class JfrPrintTool {
    private static final long TIMEOUT_SECONDS = 120;

    /** Exit status and output of one {@code jfr} run. */
    public record Output(List<String> command, int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            String shown = stdout.length() > 4000 ? stdout.substring(0, 4000) + "\n[...]" : stdout;
            return String.join(" ", command) + "\nexit status: " + exitCode + "\nstdout:\n" + shown
                    + "\nstderr:\n" + stderr;
        }
    }

    private JfrPrintTool() {
    }

    public static Output printEvents(TestJdk jdk, String eventName, Path recording)
            throws IOException, InterruptedException {
        List<String> command = List.of(jdk.jfrTool().toString(), "print", "--stack-depth", "64", "--events", eventName,
                recording.toString());
        Path out = Files.createTempFile(recording.getParent(), "jfr-print-", ".out");
        Path err = Files.createTempFile(recording.getParent(), "jfr-print-", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        return new Output(command, process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
