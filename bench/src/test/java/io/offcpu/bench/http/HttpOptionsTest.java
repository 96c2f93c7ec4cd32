package io.offcpu.bench.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpOptionsTest {
    @Test
    void defaultsAreIssue9sSetUp() {
        HttpOptions options = HttpOptions.parse("HttpHarness", 3, 4, 8);
        assertEquals(3, options.common.rounds);
        assertEquals(4, options.settleSeconds);
        assertEquals(8, options.seconds);
        assertEquals(16, options.workers);
        assertEquals(32, options.connections);
        assertEquals(1, options.wrkThreads);
        assertEquals("0", options.common.cpus);
        assertEquals("1", options.wrkCpus);
        assertEquals(List.of(""), options.agentOptionSets);
        assertEquals(List.of("-XX:+PreserveFramePointer"), options.common.jvmOptions);
    }

    @Test
    void commonAndOwnOptions() {
        HttpOptions options = HttpOptions.parse(
                "HttpHarness",
                3,
                4,
                8,
                "--baseline-agent",
                "/before/offcpu.jar",
                "--java",
                "/usr/lib/jvm/temurin-25-jdk-amd64",
                "--settle",
                "20",
                "--agent-options",
                "threshold=0",
                "--wrk-cpus",
                "none",
                "--jvm-option",
                "-Xmx512m");
        assertEquals(Path.of("/before/offcpu.jar"), options.common.baselineAgentJar);
        assertEquals(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"), options.common.java);
        assertEquals(20, options.settleSeconds);
        assertEquals(List.of("threshold=0"), options.agentOptionSets);
        assertEquals("none", options.wrkCpus);
        assertEquals(List.of("-Xmx512m"), options.common.jvmOptions);
    }

    @Test
    void wrkTakesWholeSeconds() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> HttpOptions.parse("HttpHarness", 3, 4, 8, "--seconds", "2.5"));
        assertTrue(e.getMessage().startsWith("bad --seconds '2.5': expected whole seconds"), e.getMessage());
    }
}
