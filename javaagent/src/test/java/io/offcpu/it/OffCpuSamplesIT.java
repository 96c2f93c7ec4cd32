package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each sample runs with the agent on JDK 17 and 25; the recording must show the sample's blocking where it
 * happened: on the sample's thread (kernel tid and name), for as long as it lasted, with the sample's method,
 * the JDK method and the kernel functions on the stack. Three readers that are not ours must read the file:
 * the JDK parser, {@code jfr print} of JDK 17 and of JDK 25, and JMC's parser.
 */
class OffCpuSamplesIT {
    private static final String RUN_LENGTH = "4s";
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(90);
    // Below the 1 ms default so the fsync sample (about 1-2 ms a call on this disk) yields episodes
    // for most calls, not a handful that one JVM pause can outweigh.
    private static final String THRESHOLD = "200us";
    /** Share of the blocking method's episodes that must show the expected path (others: preemption, safepoints). */
    private static final double MIN_SHARE_ON_PATH = 0.8;
    /** Share of the blocking method's off-CPU time that must carry the sample's reason (docs/ARCHITECTURE.md, Goals). */
    private static final double MIN_SHARE_OF_TIME_WITH_REASON = 0.95;

    static Stream<Arguments> jdksAndSamples() {
        return Stream.of(TestJdk.values())
                .flatMap(jdk -> Stream.of(BlockingExpectation.values()).map(sample -> Arguments.of(jdk, sample)));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("jdksAndSamples")
    void recordsTheSamplesBlockingOnItsThreadWithStack(
            TestJdk jdk, BlockingExpectation expected, @TempDir Path workDirectory) throws Exception {
        BpfPrecondition.assumeBpfAvailable();
        SampleResult run = SampleLaunch.of(jdk, expected.sampleClass(), workDirectory, RUN_LENGTH)
                .withAgent(THRESHOLD)
                .start()
                .awaitExit(EXIT_TIMEOUT);
        SampleReport report = run.requireSuccess();
        Path recording = run.requireRecording();
        long tid = report.threadId(expected.threadName());
        SampleReport.LoopStats stats = report.requireLoopStats(expected.threadName());

        List<OffCpuEvent> events = OffCpuRecording.read(recording);
        List<OffCpuEvent> onThread =
                events.stream().filter(e -> e.osThreadId() == tid).toList();
        // A safepoint stop caught inside the sample's method is the JVM pausing the thread (reason lock,
        // rightly), not the blocking under test: it is left out of the per-episode checks.
        List<OffCpuEvent> inMethod = onThread.stream()
                .filter(expected::isInBlockingMethod)
                .filter(e -> !"safepoint".equals(e.reasonDetail()))
                .toList();
        assertFalse(
                inMethod.isEmpty(),
                () -> "no offcpu.OffCpu event with " + expected.sampleClass().getName()
                        + "." + expected.blockingMethod() + " on the stack of tid " + tid + " among " + events.size()
                        + " events; some of them:\n" + sampleOf(onThread.isEmpty() ? events : onThread));

        assertAll(
                () -> assertTrue(
                        onThread.stream().allMatch(e -> expected.threadName().equals(e.javaName())),
                        () -> "events of tid " + tid + " must name thread " + expected.threadName() + ":\n"
                                + sampleOf(onThread)),
                () -> assertMostly(
                        inMethod,
                        expected::hasExpectedJavaFrames,
                        "JDK frame one of " + expected.jdkFrames()
                                + " (for a monitor: the sample's method as top Java frame)"),
                () -> assertMostly(
                        inMethod,
                        e -> e.hasAnyKernelFunction(expected.kernelFunctions()),
                        "kernel function one of " + expected.kernelFunctions()),
                () -> assertMostly(
                        inMethod,
                        e -> expected.syscalls().contains(e.syscall()),
                        "syscall one of " + expected.syscalls()),
                () -> expected.assertDurations(inMethod, stats),
                () -> assertReasonCoversTime(inMethod, expected),
                () -> assertTrue(
                        OffCpuRecording.countStatistics(recording) > 0,
                        "the recording holds no " + OffCpuRecording.STATISTICS_EVENT + " event"),
                () -> assertFalse(
                        run.stderr().contains("restricted method"),
                        () -> "the JVM warned about native access:\n" + run.stderr()),
                () -> assertJfrToolsPrint(recording, expected),
                () -> assertJmcReads(recording, expected, events.size()),
                () -> assertEquals(List.of(), JmcRules.failing(recording), "JMC rules that fail on the recording"));
    }

    /** {@code jfr print} of JDK 17 and 25 read the file and show our thread and method. */
    private static void assertJfrToolsPrint(Path recording, BlockingExpectation expected) throws Exception {
        for (TestJdk jdk : TestJdk.values()) {
            JdkTool.Output out = JfrPrintTool.printEvents(jdk, OffCpuRecording.OFF_CPU_EVENT, recording);
            assertEquals(0, out.exitCode(), () -> jdk + " jfr print failed:\n" + out);
            assertTrue(
                    out.stdout().contains("\"" + expected.threadName() + "\""),
                    () -> jdk + " jfr print shows no event of thread " + expected.threadName() + ":\n" + out);
            String frame = expected.sampleClass().getName() + "." + expected.blockingMethod() + "(";
            assertTrue(out.stdout().contains(frame), () -> jdk + " jfr print shows no frame " + frame + ":\n" + out);
        }
    }

    /** JMC's parser sees every event, with the sample's thread and method. */
    private static void assertJmcReads(Path recording, BlockingExpectation expected, int eventCount) throws Exception {
        List<OffCpuEvent> seenByJmc = JmcRecording.read(recording);
        assertEquals(eventCount, seenByJmc.size(), "JMC parser and JDK parser count different offcpu.OffCpu events");
        assertTrue(
                seenByJmc.stream()
                        .anyMatch(e -> expected.threadName().equals(e.javaName()) && expected.isInBlockingMethod(e)),
                () -> "JMC sees no event of thread " + expected.threadName() + " in " + expected.blockingMethod()
                        + "; some events:\n" + sampleOf(seenByJmc));
    }

    /**
     * The sample's reason covers at least 95% of the off-CPU time of the blocking method's episodes, leaving
     * out the ones the sample did not cause: preemptions (the task still runnable at switch-out; except for
     * the oversubscription sample, whose blocking they are) and safepoint stops (already out of
     * {@code all}). On this shared two-CPU machine one 16 ms preemption, or one 156 ms safepoint wait, on
     * the way out of fsync was a fifth of the fsync sample's time.
     */
    private static void assertReasonCoversTime(List<OffCpuEvent> all, BlockingExpectation sample) {
        String reason = sample.reason();
        List<OffCpuEvent> inMethod =
                all.stream().filter(sample::isCausedBySample).toList();
        long total = inMethod.stream().mapToLong(OffCpuEvent::durationNanos).sum();
        long right = inMethod.stream()
                .filter(e -> reason.equals(e.reason()))
                .mapToLong(OffCpuEvent::durationNanos)
                .sum();
        assertTrue(
                right >= total * MIN_SHARE_OF_TIME_WITH_REASON,
                () -> String.format(
                        "reason %s covers %.1f%% of the %d ms in %s, expected >= %.0f%%; others:%n%s",
                        reason,
                        100.0 * right / total,
                        total / 1_000_000,
                        sample.blockingMethod(),
                        100 * MIN_SHARE_OF_TIME_WITH_REASON,
                        sampleOf(inMethod.stream()
                                .filter(e -> !reason.equals(e.reason()))
                                .toList())));
    }

    private static void assertMostly(List<OffCpuEvent> events, Predicate<OffCpuEvent> property, String what) {
        List<OffCpuEvent> without = events.stream().filter(property.negate()).toList();
        assertTrue(
                without.size() <= events.size() * (1 - MIN_SHARE_ON_PATH),
                () -> without.size() + " of "
                        + events.size() + " episodes in the blocking method lack " + what + "; some of them:\n"
                        + sampleOf(without));
    }

    private static String sampleOf(List<OffCpuEvent> events) {
        List<String> lines = new ArrayList<>();
        events.stream().limit(5).forEach(e -> lines.add("  " + e.describe()));
        return String.join("\n", lines);
    }
}
