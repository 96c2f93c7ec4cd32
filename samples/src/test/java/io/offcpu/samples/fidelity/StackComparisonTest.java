package io.offcpu.samples.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackComparisonTest {
    private static final StackTruth TRUTH = new StackTruth(
            42,
            1_000_000_000L,
            3_000_000,
            "park",
            List.of(
                    new StackTruth.Frame("app.Worker", "parkHere", 10),
                    new StackTruth.Frame("app.Worker", "lambda$run$0", 20),
                    new StackTruth.Frame("java.lang.Thread", "run", 840)));

    private static RecordedEpisode.Frame f(String type, String className, String method, int line) {
        return new RecordedEpisode.Frame(type, className, method, line);
    }

    private static RecordedEpisode episode(RecordedEpisode.Frame... frames) {
        return new RecordedEpisode(42, 1_000_004_000L, 3_000_000, List.of(frames));
    }

    @Test
    void comparesFromTheBlockingMethodSkippingJdkNativeKernelAndHiddenFrames() {
        StackComparison.Result r = StackComparison.compare(
                TRUTH,
                episode(
                        f("Kernel", "", "futex_wait", -1),
                        f("Native", "", "__futex_abstimed_wait_common", -1),
                        f("C++", "", "Parker::park", -1),
                        f("Native", "jdk.internal.misc.Unsafe", "park", -1),
                        f("JIT compiled", "java.util.concurrent.locks.LockSupport", "parkNanos", 376),
                        f("Inlined", "app.Worker", "parkHere", 10),
                        f("JIT compiled", "app.Worker", "lambda$run$0", 20),
                        f("Interpreted", "app.Worker$$Lambda$14/0x0000000800c03000", "run", -1),
                        f("Interpreted", "java.lang.Thread", "runWith", -1),
                        f("Interpreted", "java.lang.Thread", "run", 840),
                        f("C++", "", "JavaCalls::call_helper", -1)));
        assertTrue(r.framesEqual(), r::toString);
        assertTrue(r.linesEqual(), r::toString);
    }

    @Test
    void aMissingCallerIsAFrameMismatchNamingIt() {
        StackComparison.Result r = StackComparison.compare(
                TRUTH,
                episode(
                        f("JIT compiled", "app.Worker", "parkHere", 10),
                        f("Interpreted", "java.lang.Thread", "run", 840)));
        assertFalse(r.framesEqual());
        assertEquals("1 frame(s) missing below app.Worker.parkHere (JIT compiled): app.Worker.lambda$run$0", r.cause());
    }

    @Test
    void aStackThatStopsEarlyAndOneWithoutTheBlockingMethodAreMismatches() {
        assertEquals(
                "stack ends after app.Worker.parkHere (JIT compiled): 2 frame(s) missing from "
                        + "app.Worker.lambda$run$0",
                StackComparison.compare(TRUTH, episode(f("JIT compiled", "app.Worker", "parkHere", 10)))
                        .cause());
        assertEquals(
                "blocking method missing; top Java frame jdk.internal.misc.Unsafe.park (Native)",
                StackComparison.compare(
                                TRUTH,
                                episode(
                                        f("Native", "jdk.internal.misc.Unsafe", "park", -1),
                                        f("Interpreted", "java.lang.Thread", "run", 840)))
                        .cause());
    }

    @Test
    void equalFramesWithAnUnknownLineCountAsFramesRightLinesWrong() {
        StackComparison.Result r = StackComparison.compare(
                TRUTH,
                episode(
                        f("Interpreted", "app.Worker", "parkHere", -1),
                        f("JIT compiled", "app.Worker", "lambda$run$0", 20),
                        f("Interpreted", "java.lang.Thread", "run", 840)));
        assertTrue(r.framesEqual());
        assertFalse(r.linesEqual());
        assertEquals("no line in a Interpreted frame", r.cause());
    }

    @Test
    void truthFileRoundTripsAndTheMatcherTakesTheEpisodeRightAfterEachTruth(@TempDir Path dir) throws Exception {
        TruthFile file = new TruthFile(dir.resolve("truths.txt"));
        StackTruth later = new StackTruth(42, 1_010_000_000L, 3_000_000, "park", TRUTH.frames());
        StackTruth missed = new StackTruth(42, 1_020_000_000L, 3_000_000, "park", TRUTH.frames());
        file.append(List.of(TRUTH, later, missed));
        List<StackTruth> read = TruthFile.read(file.path());
        assertEquals(List.of(TRUTH, later, missed), read);
        assertTrue(Files.readString(file.path()).startsWith("truth\t42\t1000000000\t3000000\tpark\tapp.Worker "));

        RecordedEpisode right = episode(
                f("Interpreted", "app.Worker", "parkHere", 10),
                f("Interpreted", "app.Worker", "lambda$run$0", 20),
                f("Interpreted", "java.lang.Thread", "run", 840));
        RecordedEpisode wrong = new RecordedEpisode(
                42, 1_010_050_000L, 3_000_000, List.of(f("JIT compiled", "app.Worker", "parkHere", 10)));
        RecordedEpisode otherThread = new RecordedEpisode(7, 1_020_001_000L, 3_000_000, right.frames());
        FidelityReport report = FidelityMatcher.match(
                read,
                new EpisodeRecording(
                        List.of(wrong, right, otherThread),
                        ClockAlignment.of(List.of(Instant.ofEpochSecond(5)), List.of(5_000_000_000L))));
        assertEquals(3, report.truthCount());
        assertEquals(2, report.matchedCount());
        assertEquals(0.5, report.framesEqualShare());
        assertEquals(0.5, report.linesEqualShare());
        assertEquals(1 / 3.0, report.unmatchedShare(), 1e-9);
    }
}
