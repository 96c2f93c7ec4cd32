package io.offcpu.bench.fidelity;

import io.offcpu.samples.fidelity.EpisodeRecording;
import io.offcpu.samples.fidelity.FidelityMatcher;
import io.offcpu.samples.fidelity.FidelityReport;
import io.offcpu.samples.fidelity.TruthFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code FidelitySample} in a child JVM with the agent, in its own directory (truth file,
 * recording, stdout, stderr), scored by {@link FidelityMatcher}.
 */
final class FidelityRun {
    private final Path java;
    private final List<String> jvmOptions;
    private final Path agentJar;
    private final Path samplesJar;
    private final Path directory;
    private final int seconds;

    FidelityRun(Path java, List<String> jvmOptions, Path agentJar, Path samplesJar, Path directory, int seconds) {
        this.java = java;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.agentJar = agentJar;
        this.samplesJar = samplesJar;
        this.directory = directory;
        this.seconds = seconds;
    }

    List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        // jfr=default: the sample's clock events, which align truths with episodes, are in the JVM's recording.
        command.add("-javaagent:" + agentJar + "=file=" + recording() + ",threshold=1ms,jfr=default");
        command.add("-cp");
        command.add(samplesJar.toString());
        command.add("io.offcpu.samples.FidelitySample");
        command.add(seconds + "s");
        command.add(truths().toString());
        return command;
    }

    Path recording() {
        return directory.resolve("app.jfr");
    }

    Path truths() {
        return directory.resolve("truths.txt");
    }

    /** Runs the child and scores it; throws with the child's output when it fails. */
    FidelityReport run() throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Files.deleteIfExists(recording());
        Path stdout = directory.resolve("stdout.txt");
        Path stderr = directory.resolve("stderr.txt");
        Process child = new ProcessBuilder(command())
                .directory(directory.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!child.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IOException("FidelitySample still running " + (seconds + 60) + " s after start, killed: "
                    + String.join(" ", command()));
        }
        if (child.exitValue() != 0 || !Files.isRegularFile(recording())) {
            throw new IOException("FidelitySample exited with status " + child.exitValue()
                    + (Files.isRegularFile(recording()) ? "" : " without writing " + recording()) + "\ncommand: "
                    + String.join(" ", command()) + "\nstdout:\n" + Files.readString(stdout, StandardCharsets.UTF_8)
                    + "\nstderr:\n"
                    + Files.readString(stderr, StandardCharsets.UTF_8));
        }
        return FidelityMatcher.match(TruthFile.read(truths()), EpisodeRecording.read(recording()));
    }
}
