package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.samples.SleepSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The agent never harms the application: each way it can fail gives one line on stderr, and the
 * sample runs to its end unprofiled, on JDK 17 and 25.
 */
class AgentFailureIT {
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void badOptionNamesItAndTheAcceptedKeys(TestJdk jdk, @TempDir Path dir) throws Exception {
        SampleResult run = SampleLaunch.of(jdk, SleepSample.class, dir, "500ms")
                .withAgentOptions("threshold=1ms,colour=red")
                .start()
                .awaitExit(EXIT_TIMEOUT);
        assertRanUnprofiled(
                run,
                "offcpu: unknown option 'colour'; accepted: file, threshold, sampling, jfr, flush, ringbuffer,"
                        + " perfmap, keepperfmap, cpu; running without profiling");
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void badValueNamesIt(TestJdk jdk, @TempDir Path dir) throws Exception {
        SampleResult run = SampleLaunch.of(jdk, SleepSample.class, dir, "500ms")
                .withAgentOptions("threshold=soon")
                .start()
                .awaitExit(EXIT_TIMEOUT);
        assertRanUnprofiled(
                run,
                "offcpu: bad duration 'soon' for threshold: use a number with ns, us, ms, s, m or h;"
                        + " running without profiling");
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void withoutPrivilegesSaysWhatToGrant(TestJdk jdk, @TempDir Path dir) throws Exception {
        BpfPrecondition.assumeBpfAvailable(); // root is needed to drop to another user
        dir.toFile().setWritable(true, false);
        dir.toFile().setExecutable(true, false);
        SampleResult run = SampleLaunch.of(jdk, SleepSample.class, dir, "500ms")
                .withAgentOptions("")
                .asUnprivilegedUser()
                .start()
                .awaitExit(EXIT_TIMEOUT);
        assertRanUnprofiled(
                run,
                "offcpu: cannot load BPF programs: Operation not permitted - run as root or grant"
                        + " CAP_BPF,CAP_PERFMON; running without profiling");
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void unwritableOutputIsNamed(TestJdk jdk, @TempDir Path dir) throws Exception {
        BpfPrecondition.assumeBpfAvailable();
        Path missing = dir.resolve("no-such-dir");
        SampleResult run = SampleLaunch.of(jdk, SleepSample.class, dir, "500ms")
                .withAgentOptions("file=" + missing.resolve("x.jfr"))
                .start()
                .awaitExit(EXIT_TIMEOUT);
        assertRanUnprofiled(
                run,
                "offcpu: cannot write " + missing.resolve("x.jfr") + ": " + missing
                        + " is not a writable directory; running without profiling");
    }

    private static void assertRanUnprofiled(SampleResult run, String expectedLine) {
        List<String> offcpuLines =
                run.stderr().lines().filter(l -> l.startsWith("offcpu")).toList();
        assertEquals(List.of(expectedLine), offcpuLines, () -> "stderr:\n" + run.stderr());
        assertFalse(run.stderr().contains("\tat "), () -> "a stack trace reached stderr:\n" + run.stderr());
        run.requireSuccess();
        assertTrue(run.stdout().contains("offcpu-sample finished"), run::toString);
        assertFalse(Files.exists(run.launch().workDirectory().resolve("app.jfr")));
    }
}
