package io.offcpu.bench.jvm;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a benchmark child: {@code [taskset -c <cpus>] java <release options> <JVM options>
 * -cp <bench jar> <main class> <arguments>}.
 */
public final class ChildJvm {
    private final JavaLauncher launcher;
    private final String cpus;

    public ChildJvm(JavaLauncher launcher, String cpus) {
        this.launcher = launcher;
        this.cpus = cpus;
    }

    public List<String> command(List<String> jvmOptions, Class<?> mainClass, List<String> arguments) {
        List<String> command = new ArrayList<>(CpuPinning.prefix(cpus));
        command.add(launcher.java().toString());
        command.addAll(launcher.releaseOptions());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath().toString(), mainClass.getName()));
        command.addAll(arguments);
        return command;
    }

    public ChildProcess start(List<String> jvmOptions, Class<?> mainClass, List<String> arguments)
            throws java.io.IOException {
        return ChildProcess.start(command(jvmOptions, mainClass, arguments));
    }

    /** The jar (or classes directory) this class came from, which holds every benchmark's workload. */
    public static Path classPath() {
        try {
            return Path.of(ChildJvm.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
