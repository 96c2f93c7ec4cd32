package io.offcpu.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command-line tool of a JDK under test ({@code jfr}, {@code jcmd}) and keeps what it printed. */
public final class JdkTool {
    private static final long TIMEOUT_SECONDS = 120;

    /** Exit status and output of one tool run. */
    public record Output(List<String> command, int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            String shown = stdout.length() > 4000 ? stdout.substring(0, 4000) + "\n[...]" : stdout;
            return String.join(" ", command) + "\nexit status: " + exitCode + "\nstdout:\n" + shown + "\nstderr:\n"
                    + stderr;
        }
    }

    private JdkTool() {}

    /** Runs {@code command} to its end; its output goes through files in {@code scratchDirectory}. */
    public static Output run(List<String> command, Path scratchDirectory) throws IOException, InterruptedException {
        String tool = Path.of(command.get(0)).getFileName().toString();
        Path out = Files.createTempFile(scratchDirectory, tool + "-", ".out");
        Path err = Files.createTempFile(scratchDirectory, tool + "-", ".err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        return new Output(command, process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
