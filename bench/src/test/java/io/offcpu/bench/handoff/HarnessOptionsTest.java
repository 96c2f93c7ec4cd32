package io.offcpu.bench.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.bench.harness.Configuration;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HarnessOptionsTest {
    @Test
    void defaultsCompareTheAgentsOptionSetsAndPeersWithFramePointersEverywherePinnedToCpuZero() throws Exception {
        HarnessOptions options =
                HarnessOptions.parse("--agent", "/x/offcpu.jar", "--async-profiler", "none", "--work", "/w");
        List<Configuration> configurations = options.configurations();
        assertEquals(
                List.of("no-agent", "offcpu", "offcpu:threshold=0", "offcpu:sampling=1ms", "jfr-profile"),
                configurations.stream().map(Configuration::name).toList());
        assertEquals(List.of(), configurations.get(0).jvmOptions());
        assertEquals(
                List.of("-javaagent:/x/offcpu.jar=file=/w/offcpu.jfr"),
                configurations.get(1).jvmOptions());
        assertEquals(
                List.of("-javaagent:/x/offcpu.jar=file=/w/offcpu_threshold_0.jfr,threshold=0"),
                configurations.get(2).jvmOptions());
        assertEquals(
                List.of("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=/w/jfr-profile.jfr"),
                configurations.get(4).jvmOptions());
        assertEquals(List.of("-XX:+PreserveFramePointer"), options.common.jvmOptions);
        assertEquals("0", options.common.cpus);
        assertTrue(options.common.pinned());
        assertEquals(5, options.common.rounds);
    }

    @Test
    void aBaselineAgentRunsEveryOptionSetToo() throws Exception {
        HarnessOptions options = HarnessOptions.parse(
                "--agent",
                "/new/offcpu.jar",
                "--baseline-agent",
                "/old/offcpu.jar",
                "--agent-options",
                "",
                "--agent-options",
                "file=/t/x.jfr,threshold=10ms",
                "--peers",
                "no");
        List<Configuration> configurations = options.configurations();
        assertEquals(
                List.of(
                        "no-agent",
                        "offcpu",
                        "offcpu:file=/t/x.jfr,threshold=10ms",
                        "offcpu-before",
                        "offcpu-before:file=/t/x.jfr,threshold=10ms"),
                configurations.stream().map(Configuration::name).toList());
        assertEquals(
                List.of("-javaagent:/old/offcpu.jar=file=/t/x.jfr,threshold=10ms"),
                configurations.get(4).jvmOptions());
    }

    @Test
    void candidateOptionsReplaceTheAgent() throws Exception {
        HarnessOptions options = HarnessOptions.parse(
                "--candidate",
                "-Xint",
                "--candidate",
                "-Xss2m",
                "--jvm-option",
                "-Xmx64m",
                "--cpus",
                "none",
                "--rounds",
                "3",
                "--seconds",
                "0.5");
        List<Configuration> configurations = options.configurations();
        assertEquals(2, configurations.size());
        assertEquals(List.of("-Xint", "-Xss2m"), configurations.get(1).jvmOptions());
        assertEquals(List.of("-Xmx64m"), options.common.jvmOptions);
        assertEquals(3, options.common.rounds);
        assertEquals("0.5", options.seconds);
        assertEquals(false, options.common.pinned());
        assertEquals(Path.of("javaagent/target/offcpu.jar"), options.common.agentJar);
    }

    @Test
    void badValuesNameTheValueAndWhatIsAccepted() {
        IllegalArgumentException rounds =
                assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse("--rounds", "0"));
        assertTrue(
                rounds.getMessage().startsWith("bad --rounds '0': expected a whole number > 0"), rounds.getMessage());
        IllegalArgumentException seconds =
                assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse("--seconds", "five"));
        assertTrue(seconds.getMessage().startsWith("bad number of seconds 'five'"), seconds.getMessage());
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse("--fast", "yes"));
        assertTrue(unknown.getMessage().startsWith("unknown option --fast"), unknown.getMessage());
        IllegalArgumentException missing =
                assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse("--rounds"));
        assertTrue(missing.getMessage().startsWith("option --rounds needs a value"), missing.getMessage());
        IllegalArgumentException peers =
                assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse("--peers", "maybe"));
        assertTrue(peers.getMessage().startsWith("bad --peers 'maybe': expected yes or no"), peers.getMessage());
    }
}
