package io.offcpu.bench.jvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The {@code java} launcher of the child JVMs and the options its release needs for the agent. */
public record JavaLauncher(Path java, int feature) {
    /** This JVM's own launcher. */
    public static JavaLauncher current() throws IOException {
        return of(Path.of(System.getProperty("java.home")));
    }

    /** A JDK home or its {@code bin/java}. */
    public static JavaLauncher of(Path homeOrLauncher) throws IOException {
        Path real = homeOrLauncher.toRealPath();
        Path java = Files.isDirectory(real) ? real.resolve("bin/java") : real;
        if (!Files.isExecutable(java)) {
            throw new IOException(java + " is not a java launcher: pass a JDK home or its bin/java");
        }
        return new JavaLauncher(java, JdkRelease.feature(java.getParent().getParent()));
    }

    /**
     * Options every child gets on this release: JDK 24+ warns when a library is loaded through JNI unless
     * native access is enabled (the agent's manifest cannot grant it to an agent on the class path). Given
     * to every configuration alike, so no side pays alone.
     */
    public List<String> releaseOptions() {
        return feature >= 24 ? List.of("--enable-native-access=ALL-UNNAMED") : List.of();
    }
}
