package io.offcpu.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How to start one sample JVM: which JDK, which main class of {@code offcpu-samples.jar} and its arguments,
 * and whether the agent records (as users run it:
 * {@code -XX:+PreserveFramePointer -javaagent:offcpu.jar=file=app.jfr,threshold=1ms}).
 */
public final class SampleLaunch {
    private final TestJdk jdk;
    private final String mainClass;
    private final List<String> arguments;
    private final Path workDirectory;
    private final String agentOptions;
    private final List<String> commandPrefix;
    private final List<String> jvmOptions;

    private SampleLaunch(
            TestJdk jdk,
            String mainClass,
            List<String> arguments,
            Path workDirectory,
            String agentOptions,
            List<String> commandPrefix,
            List<String> jvmOptions) {
        this.jdk = jdk;
        this.mainClass = mainClass;
        this.arguments = List.copyOf(arguments);
        this.workDirectory = workDirectory;
        this.agentOptions = agentOptions;
        this.commandPrefix = List.copyOf(commandPrefix);
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** A launch without the agent; output files go to {@code workDirectory}. */
    public static SampleLaunch of(TestJdk jdk, Class<?> mainClass, Path workDirectory, String... arguments) {
        return new SampleLaunch(
                jdk, mainClass.getName(), List.of(arguments), workDirectory, null, List.of(), List.of());
    }

    /** The same launch recording with the agent into {@link #recordingFile()}, threshold e.g. {@code 1ms}. */
    public SampleLaunch withAgent(String threshold) {
        return withAgentOptions("threshold=" + threshold);
    }

    /**
     * The same launch with the agent and these options, preceded by {@code file=}
     * {@link #recordingFile()} unless they name a file themselves.
     */
    public SampleLaunch withAgentOptions(String options) {
        return new SampleLaunch(jdk, mainClass, arguments, workDirectory, options, commandPrefix, jvmOptions);
    }

    /** The same launch as user and group {@code nobody}/{@code nogroup}, without capabilities. */
    public SampleLaunch asUnprivilegedUser() {
        return new SampleLaunch(
                jdk,
                mainClass,
                arguments,
                workDirectory,
                agentOptions,
                List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--inh-caps=-all"),
                jvmOptions);
    }

    /** The same launch with these JVM options added (e.g. {@code -XX:+PreserveFramePointer}). */
    public SampleLaunch withJvmOptions(String... options) {
        List<String> all = new ArrayList<>(jvmOptions);
        all.addAll(List.of(options));
        return new SampleLaunch(jdk, mainClass, arguments, workDirectory, agentOptions, commandPrefix, all);
    }

    public Path workDirectory() {
        return workDirectory;
    }

    public TestJdk jdk() {
        return jdk;
    }

    public Optional<Path> recordingFile() {
        return agentOptions == null ? Optional.empty() : Optional.of(workDirectory.resolve("app.jfr"));
    }

    public Path stdoutFile() {
        return workDirectory.resolve("stdout.txt");
    }

    public Path stderrFile() {
        return workDirectory.resolve("stderr.txt");
    }

    public List<String> command() {
        List<String> command = new ArrayList<>(commandPrefix);
        command.add(jdk.java().toString());
        command.addAll(jdk.requiredJvmOptions());
        command.addAll(jvmOptions);
        if (agentOptions != null) {
            command.add("-XX:+PreserveFramePointer");
            String file = agentOptions.contains("file=")
                    ? ""
                    : "file=" + recordingFile().orElseThrow();
            String separator = file.isEmpty() || agentOptions.isEmpty() ? "" : ",";
            command.add("-javaagent:" + TestArtifacts.agentJar() + "=" + file + separator + agentOptions);
        }
        command.add("-cp");
        command.add(TestArtifacts.samplesJar().toString());
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }

    public SampleProcess start() throws IOException {
        // Output goes to files, not pipes: a full pipe would block the sample and change what it measures.
        Process process = new ProcessBuilder(command())
                .directory(workDirectory.toFile())
                .redirectOutput(stdoutFile().toFile())
                .redirectError(stderrFile().toFile())
                .start();
        return new SampleProcess(this, process);
    }

    @Override
    public String toString() {
        return String.join(" ", command());
    }
}
