package io.offcpu.jfr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a JDK tool in its own process and captures what it printed. */
final class ExternalTool {
    static final Path JDK17_JFR = Paths.get(System.getProperty("java.home"), "bin", "jfr");
    static final Path JDK25_HOME = Paths.get("/usr/lib/jvm/temurin-25-jdk-amd64");

    record Result(int exitCode, String output) {}

    static Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("offcpu-tool", ".out");
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static Result run(Path executable, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable.toString());
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private ExternalTool() {}
}
