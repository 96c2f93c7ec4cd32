package io.offcpu.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code java -jar offcpu.jar ARGS} as a user would, on the JDK 17 the tests run on. */
final class OffCpuCli {
    private static final long TIMEOUT_SECONDS = 120;

    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private OffCpuCli() {}

    static Result run(Path workDirectory, Object... args) throws IOException, InterruptedException {
        return runAs(List.of(), workDirectory, args);
    }

    /** Runs the CLI behind a command prefix such as setpriv (to act as another user). */
    static Result runAs(List<String> prefix, Path workDirectory, Object... args)
            throws IOException, InterruptedException {
        return startAs(prefix, workDirectory, args).await();
    }

    /** Starts the CLI and returns at once: for a command that waits, such as {@code attach --duration}. */
    static Running start(Path workDirectory, Object... args) throws IOException {
        return startAs(List.of(), workDirectory, args);
    }

    private static Running startAs(List<String> prefix, Path workDirectory, Object... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(
                TestJdk.JDK_17.java().toString(),
                "-jar",
                TestArtifacts.agentJar().toString()));
        for (Object arg : args) {
            command.add(arg.toString());
        }
        Path out = Files.createTempFile(workDirectory, "cli", ".out");
        Path err = Files.createTempFile(workDirectory, "cli", ".err");
        Process process = new ProcessBuilder(command)
                .directory(workDirectory.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        return new Running(process, out, err, List.of(args));
    }

    record Running(Process process, Path out, Path err, List<Object> args) {
        Result await() throws IOException, InterruptedException {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("offcpu " + args + " still running after " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        }
    }
}
