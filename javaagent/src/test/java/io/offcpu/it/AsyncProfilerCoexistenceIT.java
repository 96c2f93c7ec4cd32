package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.samples.SleepSample;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * offcpu next to async-profiler, in each of its signal-driven modes. In its default {@code event=cpu} mode, as
 * Pyroscope, Datadog and many teams run it, a per-thread CPU-time perf event sends each running thread a signal
 * every interval, including the thread that loads our BPF programs, and a signal pending during verification
 * makes the kernel answer EAGAIN; {@code itimer} signals the process, {@code wall} every thread in turn. Both
 * profilers must record.
 */
class AsyncProfilerCoexistenceIT {
    private static final String LIBRARY_RESOURCE = "/linux-x64/libasyncProfiler.so";
    /** What async-profiler writes a sample as: CPU modes as the JDK's event, wall clock as its own. */
    private static final Set<String> SAMPLE_EVENTS = Set.of("jdk.ExecutionSample", "profiler.WallClockSample");

    static Stream<Arguments> jdksAndModes() {
        return Stream.of(TestJdk.values())
                .flatMap(jdk -> Stream.of("cpu", "itimer", "wall").map(mode -> Arguments.of(jdk, mode)));
    }

    @ParameterizedTest(name = "{0} event={1}")
    @MethodSource("jdksAndModes")
    void bothRecord(TestJdk jdk, String mode, @TempDir Path dir) throws Exception {
        BpfPrecondition.assumeBpfAvailable();
        Path library = extractAsyncProfiler(dir);
        Path theirs = dir.resolve("async-profiler.jfr");
        // 1 ms between signals: loading the BPF programs takes far longer than that.
        SampleResult run = SampleLaunch.of(jdk, SleepSample.class, dir, "3s")
                .withJvmOptions("-agentpath:" + library + "=start,event=" + mode + ",interval=1ms,file=" + theirs)
                .withAgent("1ms")
                .start()
                .awaitExit(Duration.ofSeconds(60));
        run.requireSuccess();

        assertFalse(run.stderr().contains("offcpu:"), () -> "offcpu complained next to async-profiler:\n" + run);
        long tid = run.report().threadId(SleepSample.THREAD_NAME);
        List<OffCpuEvent> ours = OffCpuRecording.read(run.requireRecording());
        long sleeps = ours.stream()
                .filter(e -> e.osThreadId() == tid
                        && e.hasJavaMethod(SleepSample.class.getName(), SleepSample.BLOCKING_METHOD))
                .count();
        // 3 s of 50 ms sleeps, less the agent's start-up in the background.
        assertTrue(sleeps >= 20, () -> "only " + sleeps + " sleeps recorded next to async-profiler:\n" + run);

        assertTrue(Files.isRegularFile(theirs), () -> "async-profiler wrote no " + theirs + ":\n" + run);
        long samples = RecordingFile.readAllEvents(theirs).stream()
                .filter(e -> SAMPLE_EVENTS.contains(e.getEventType().getName()))
                .count();
        assertTrue(samples > 0, () -> "async-profiler took no sample next to offcpu:\n" + run);
    }

    private static Path extractAsyncProfiler(Path dir) throws Exception {
        Path library = dir.resolve("libasyncProfiler.so");
        try (InputStream in = AsyncProfilerCoexistenceIT.class.getResourceAsStream(LIBRARY_RESOURCE)) {
            assertNotNull(in, "async-profiler's jar (a test dependency) lacks " + LIBRARY_RESOURCE);
            Files.copy(in, library);
        }
        return library;
    }
}
