package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JDKs the integration tests launch samples on. JDK 17 is the running test JVM when that is a 17,
 * else {@code /usr/lib/jvm/java-17-openjdk-amd64}; JDK 25 is Temurin's. {@code -Doffcpu.jdk17.home} and
 * {@code -Doffcpu.jdk25.home} override either. A test on a JDK that is not installed is skipped with the
 * reason, unless {@value #REQUIRE_JDKS_VARIABLE}=1 (set by CI) makes it a failure.
 */
public enum TestJdk {
    JDK_17(17, "/usr/lib/jvm/java-17-openjdk-amd64", List.of()),
    // JDK 24+ warns about System.load from the agent unless native access is granted (docs/ARCHITECTURE.md, HotSpot
    // facts).
    JDK_25(25, "/usr/lib/jvm/temurin-25-jdk-amd64", List.of("--enable-native-access=ALL-UNNAMED"));

    static final String REQUIRE_JDKS_VARIABLE = "OFFCPU_REQUIRE_JDKS";

    private final int feature;
    private final String defaultHome;
    private final List<String> requiredJvmOptions;

    TestJdk(int feature, String defaultHome, List<String> requiredJvmOptions) {
        this.feature = feature;
        this.defaultHome = defaultHome;
        this.requiredJvmOptions = requiredJvmOptions;
    }

    public Path home() {
        String override = System.getProperty("offcpu.jdk" + feature + ".home");
        if (override != null) {
            return Path.of(override);
        }
        if (Runtime.version().feature() == feature) {
            return Path.of(System.getProperty("java.home"));
        }
        return Path.of(defaultHome);
    }

    public Path java() {
        return tool("java");
    }

    /** The JDK's own {@code jfr} command-line tool, an independent reader of our recordings. */
    public Path jfrTool() {
        return tool("jfr");
    }

    /** The JDK's {@code jcmd}, to send diagnostic commands (such as {@code JFR.start}) to a running JVM. */
    public Path jcmd() {
        return tool("jcmd");
    }

    public List<String> requiredJvmOptions() {
        return requiredJvmOptions;
    }

    private Path tool(String name) {
        Path tool = home().resolve("bin").resolve(name);
        if (!Files.isExecutable(tool)) {
            String reason = "JDK " + feature + " tool " + tool + " is missing: install JDK " + feature
                    + " there or pass -Doffcpu.jdk" + feature + ".home=<JDK home>";
            if ("1".equals(System.getenv(REQUIRE_JDKS_VARIABLE))) {
                fail(reason + " (and " + REQUIRE_JDKS_VARIABLE + "=1 asks for every JDK's tests to run)");
            }
            assumeTrue(
                    false,
                    reason + "; this JDK's tests are skipped (" + REQUIRE_JDKS_VARIABLE + "=1 makes this a failure)");
        }
        return tool;
    }

    @Override
    public String toString() {
        return "JDK " + feature;
    }
}
