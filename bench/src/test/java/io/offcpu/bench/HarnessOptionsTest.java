package io.offcpu.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HarnessOptionsTest {
    @Test
    void defaultsCompareTheAgentWithFramePointersOnBothSidesPinnedToCpuZero() {
        HarnessOptions options = HarnessOptions.parse("--agent", "/x/offcpu.jar");
        assertEquals(List.of("-javaagent:/x/offcpu.jar=file=/tmp/offcpu-bench.jfr,threshold=1ms"),
                options.withOptions());
        assertEquals(List.of("-XX:+PreserveFramePointer"), options.commonOptions);
        assertEquals("0", options.cpus);
        assertTrue(options.pinned());
        assertEquals(5, options.rounds);
    }

    @Test
    void candidateOptionsReplaceTheAgent() {
        HarnessOptions options = HarnessOptions.parse("--candidate", "-Xint", "--candidate", "-Xss2m",
                "--jvm-option", "-Xmx64m", "--cpus", "none", "--rounds", "3", "--seconds", "0.5");
        assertEquals(List.of("-Xint", "-Xss2m"), options.withOptions());
        assertEquals(List.of("-Xmx64m"), options.commonOptions);
        assertEquals(3, options.rounds);
        assertEquals("0.5", options.seconds);
        assertEquals(false, options.pinned());
        assertEquals(Path.of("javaagent/target/offcpu.jar"), options.agentJar);
    }

    @Test
    void badValuesNameTheValueAndWhatIsAccepted() {
        IllegalArgumentException rounds = assertThrows(IllegalArgumentException.class,
                () -> HarnessOptions.parse("--rounds", "0"));
        assertTrue(rounds.getMessage().startsWith("bad --rounds '0': expected a whole number > 0"),
                rounds.getMessage());
        IllegalArgumentException seconds = assertThrows(IllegalArgumentException.class,
                () -> HarnessOptions.parse("--seconds", "five"));
        assertTrue(seconds.getMessage().startsWith("bad number of seconds 'five'"), seconds.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> HarnessOptions.parse("--fast", "yes"));
        assertTrue(unknown.getMessage().startsWith("unknown option --fast"), unknown.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> HarnessOptions.parse("--rounds"));
        assertTrue(missing.getMessage().startsWith("option --rounds needs a value"), missing.getMessage());
    }
}
