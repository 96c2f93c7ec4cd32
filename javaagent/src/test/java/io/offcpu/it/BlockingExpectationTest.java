package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.samples.MonitorSample;
import io.offcpu.samples.SleepSample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.MultipleFailuresError;

/** The duration and stack rules of {@link BlockingExpectation} accept what the spec allows and nothing else. */
class BlockingExpectationTest {
    private static final OffCpuEvent.Frame SLEEP_METHOD =
            new OffCpuEvent.Frame("Interpreted", SleepSample.class.getName(), SleepSample.BLOCKING_METHOD);

    private static OffCpuEvent sleeperEpisode(double millis) {
        return new OffCpuEvent(
                7,
                SleepSample.THREAD_NAME,
                (long) (millis * 1e6),
                "futex",
                List.of(
                        new OffCpuEvent.Frame("Kernel", null, "futex_do_wait"),
                        new OffCpuEvent.Frame("Native", null, "__futex_abstimed_wait_common"),
                        new OffCpuEvent.Frame("Native", "java.lang.Thread", "sleep"),
                        SLEEP_METHOD));
    }

    private static List<OffCpuEvent> episodes(int count, double millis) {
        return new ArrayList<>(Collections.nCopies(count, sleeperEpisode(millis)));
    }

    @Test
    void sleepEpisodesOfFiftyMillisPass() {
        List<OffCpuEvent> events = episodes(19, 50.08);
        events.add(sleeperEpisode(2.5)); // a safepoint wait inside the method is allowed
        assertDoesNotThrow(() ->
                BlockingExpectation.SLEEP.assertDurations(events, new SampleReport.LoopStats(20, 1_002_000, 50_400)));
    }

    @Test
    void sleepEpisodesShorterThanTheSleepFail() {
        assertThrows(
                MultipleFailuresError.class,
                () -> BlockingExpectation.SLEEP.assertDurations(
                        episodes(20, 49.0), new SampleReport.LoopStats(20, 1_002_000, 50_400)));
    }

    @Test
    void tooFewEpisodesForTheCallsFail() {
        assertThrows(
                MultipleFailuresError.class,
                () -> BlockingExpectation.SLEEP.assertDurations(
                        episodes(10, 50.1), new SampleReport.LoopStats(20, 1_002_000, 50_400)));
    }

    @Test
    void anEpisodeLongerThanAnyCallFails() {
        List<OffCpuEvent> events = episodes(19, 50.1);
        events.add(sleeperEpisode(80));
        assertThrows(
                MultipleFailuresError.class,
                () -> BlockingExpectation.SLEEP.assertDurations(
                        events, new SampleReport.LoopStats(20, 1_002_000, 50_400)));
    }

    @Test
    void monitorWaitsSplitByTimedParksPassWhenTheyAddUp() {
        // JDK 17's responsible waiter: 1 ms, 8 ms, then the rest of the 30 ms hold.
        List<OffCpuEvent> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(monitorEpisode(1.05));
            events.add(monitorEpisode(8.1));
            events.add(monitorEpisode(20.5));
        }
        assertDoesNotThrow(() ->
                BlockingExpectation.MONITOR.assertDurations(events, new SampleReport.LoopStats(10, 305_000, 30_600)));
        assertThrows(
                MultipleFailuresError.class,
                () -> BlockingExpectation.MONITOR.assertDurations(
                        events.subList(0, 15), new SampleReport.LoopStats(10, 305_000, 30_600)));
    }

    @Test
    void stackRulesFindTheJdkFrameAndForMonitorsTheSampleMethodOnTop() {
        assertTrue(BlockingExpectation.SLEEP.hasExpectedJavaFrames(sleeperEpisode(50)));
        assertTrue(BlockingExpectation.SLEEP.isInBlockingMethod(sleeperEpisode(50)));
        assertTrue(sleeperEpisode(50).hasAnyKernelFunction(BlockingExpectation.SLEEP.kernelFunctions()));
        assertTrue(!BlockingExpectation.PARK.hasExpectedJavaFrames(sleeperEpisode(50)));
        assertTrue(BlockingExpectation.MONITOR.hasExpectedJavaFrames(monitorEpisode(30)));
        OffCpuEvent monitorUnderSleep = new OffCpuEvent(
                8,
                MonitorSample.WAITER_THREAD_NAME,
                30_000_000,
                "futex",
                List.of(
                        new OffCpuEvent.Frame("Kernel", null, "futex_do_wait"),
                        SLEEP_METHOD,
                        monitorEpisode(30).frames().get(2)));
        assertTrue(!BlockingExpectation.MONITOR.hasExpectedJavaFrames(monitorUnderSleep));
    }

    private static OffCpuEvent monitorEpisode(double millis) {
        return new OffCpuEvent(
                8,
                MonitorSample.WAITER_THREAD_NAME,
                (long) (millis * 1e6),
                "futex",
                List.of(
                        new OffCpuEvent.Frame("Kernel", null, "futex_do_wait"),
                        new OffCpuEvent.Frame("C++", null, "ObjectMonitor::EnterI"),
                        new OffCpuEvent.Frame(
                                "JIT compiled", MonitorSample.class.getName(), MonitorSample.BLOCKING_METHOD)));
    }
}
