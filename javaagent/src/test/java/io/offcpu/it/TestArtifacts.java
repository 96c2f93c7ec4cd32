package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** The jars under test, as failsafe passes them (system properties {@code offcpu.jar}, {@code offcpu.samples.jar}). */
public final class TestArtifacts {
    private TestArtifacts() {}

    public static Path agentJar() {
        return existing("offcpu.jar", "target/offcpu.jar");
    }

    public static Path samplesJar() {
        return existing("offcpu.samples.jar", "../samples/target/offcpu-samples.jar");
    }

    private static Path existing(String property, String fallback) {
        Path jar = Path.of(System.getProperty(property, fallback)).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            fail(jar + " does not exist: build it with `mvn package` (or `mvn verify`), or pass -D" + property
                    + "=<path to the jar>");
        }
        return jar;
    }
}
