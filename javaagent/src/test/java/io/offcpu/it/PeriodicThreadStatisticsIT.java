package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.offcpu.samples.SleepSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A recording the user starts on their own ({@code jcmd <pid> JFR.start}) carries the per-thread totals as
 * {@code offcpu.PeriodicThreadStatistics}, while the agent runs with {@code jfr=none} (so the user's is the
 * JVM's only recording), on JDK 17 and 25. For the sleep sample's thread:
 * <ul>
 * <li>the user's file holds about one event a second, naming the thread (kernel tid, Java id, name);
 * <li>each event's values are those of one of the agent's own readings ({@code offcpu.ThreadStatistics} in
 *     its file, which carry the time they were read) taken at most {@link #MAX_READING_AGE} before it;
 * <li>between the first and the last of those readings, the sleeper's off-CPU time grew by the time between
 *     them less its on-CPU time, which the kernel's {@code /proc/<pid>/task/<tid>/schedstat} bounds: it
 *     sleeps, in state S, almost all the time; and it switched out at least once per sleep.
 * </ul>
 */
class PeriodicThreadStatisticsIT {
    private static final String RUN_LENGTH = "9s";
    /** How long the user's recording runs: about one event a second. */
    private static final Duration USER_RECORDING = Duration.ofSeconds(4);

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);
    private static final String PERIODIC_EVENT = "offcpu.PeriodicThreadStatistics";
    private static final String READING_EVENT = "offcpu.ThreadStatistics";
    /** The agent reads the totals every second; JFR may emit just before the newest reading is handed over. */
    private static final Duration MAX_READING_AGE = Duration.ofSeconds(2);
    /** Slack for the tick-to-nanosecond conversions of two timestamps. */
    private static final long CLOCK_SLACK_NANOS = 1_000_000;
    /** Share of the sleeper's off-CPU time that must be in state S (the rest: rare preemptions). */
    private static final double MIN_SLEEPING_SHARE = 0.9;

    /** The totals both events carry, field for field. */
    record Totals(
            long offCpuNanos,
            long sleepingNanos,
            long uninterruptibleNanos,
            long preemptedNanos,
            long runQueueNanos,
            long voluntarySwitches,
            long involuntarySwitches,
            long episodes,
            long unseenStarts) {
        static Totals of(RecordedEvent e) {
            return new Totals(
                    nanos(e, "offCpuTime"),
                    nanos(e, "sleepingTime"),
                    nanos(e, "uninterruptibleTime"),
                    nanos(e, "preemptedTime"),
                    nanos(e, "runQueueTime"),
                    e.getLong("voluntarySwitches"),
                    e.getLong("involuntarySwitches"),
                    e.getLong("episodes"),
                    e.getLong("unseenStarts"));
        }

        private static long nanos(RecordedEvent e, String field) {
            return e.getDuration(field).toNanos();
        }
    }

    /** One of the agent's readings of the sleeper's totals: when it was read, and what. */
    record Reading(Instant readAt, Totals totals) {}

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestJdk.class)
    void aRecordingStartedWithJcmdCarriesTheSleepersTotals(TestJdk jdk, @TempDir Path work) throws Exception {
        BpfPrecondition.assumeBpfAvailable();
        SampleProcess sample = SampleLaunch.of(jdk, SleepSample.class, work, RUN_LENGTH)
                .withAgentOptions("jfr=none")
                .start();
        long tid = sample.awaitReady(READY_TIMEOUT).threadId(SleepSample.THREAD_NAME);
        Path userRecording = work.resolve("user.jfr");
        jcmd(jdk, sample, work, "JFR.start", "name=user", "filename=" + userRecording);
        Thread.sleep(USER_RECORDING.toMillis());
        jcmd(jdk, sample, work, "JFR.stop", "name=user");
        long onCpuNanos = onCpuNanosSoFar(sample, tid);
        SampleResult run = sample.awaitExit(EXIT_TIMEOUT);
        SampleReport.LoopStats stats = run.requireSuccess().requireLoopStats(SleepSample.THREAD_NAME);
        List<Reading> readings = agentReadings(run.requireRecording(), tid);

        List<RecordedEvent> periodic = RecordingFile.readAllEvents(userRecording).stream()
                .filter(e -> e.getEventType().getName().equals(PERIODIC_EVENT) && e.getLong("osThreadId") == tid)
                .toList();
        long minEvents = USER_RECORDING.toSeconds() - 1;
        assertTrue(
                periodic.size() >= minEvents,
                () -> "the user's recording " + userRecording + " holds "
                        + periodic.size() + " " + PERIODIC_EVENT + " events of tid " + tid + " in "
                        + USER_RECORDING.toSeconds() + " s, expected at least " + minEvents);

        List<Reading> matched = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        for (RecordedEvent e : periodic) {
            Optional<Reading> reading = readingBehind(e, readings);
            reading.ifPresent(matched::add);
            if (reading.isEmpty()) {
                unmatched.add(e.getStartTime() + " " + Totals.of(e));
            }
        }
        assertAll(
                () -> assertTrue(
                        periodic.stream()
                                .allMatch(e -> SleepSample.THREAD_NAME.equals(e.getString("threadName"))
                                        && e.getLong("javaThreadId") > 0),
                        () -> "events of tid " + tid + " must name thread " + SleepSample.THREAD_NAME
                                + " and a Java thread id: " + periodic.get(0)),
                () -> assertEquals(
                        List.of(),
                        unmatched,
                        "periodic events whose totals are no reading of the agent " + "taken up to "
                                + MAX_READING_AGE.toSeconds() + " s before them; the readings: " + readings),
                () -> assertSleeperTotals(matched, onCpuNanos, stats));
    }

    /** Between the first and last reading the user's events showed, the totals grew as a sleeper's must. */
    private static void assertSleeperTotals(List<Reading> shown, long onCpuNanos, SampleReport.LoopStats stats) {
        assertFalse(shown.isEmpty(), "no periodic event matched a reading");
        Reading first = shown.get(0);
        Reading last = shown.get(shown.size() - 1);
        long betweenNanos = Duration.between(first.readAt(), last.readAt()).toNanos();
        long offCpuNanos = last.totals().offCpuNanos() - first.totals().offCpuNanos();
        long sleepingNanos = last.totals().sleepingNanos() - first.totals().sleepingNanos();
        long voluntary = last.totals().voluntarySwitches() - first.totals().voluntarySwitches();
        long minVoluntary = betweenNanos / (stats.maxBlockMicros() * 1000) - 1;
        String span = String.format(
                "between the readings at %s and %s (%.1f ms apart; the sleeper's on-CPU time "
                        + "since it started, from schedstat: %.1f ms)",
                first.readAt(), last.readAt(), betweenNanos / 1e6, onCpuNanos / 1e6);
        assertAll(
                () -> assertTrue(
                        betweenNanos >= Duration.ofSeconds(1).toNanos(),
                        () -> "the user's events showed " + "readings only " + span),
                () -> assertTrue(
                        offCpuNanos >= betweenNanos - onCpuNanos - CLOCK_SLACK_NANOS
                                && offCpuNanos <= betweenNanos + CLOCK_SLACK_NANOS,
                        () -> String.format(
                                "off-CPU time grew %.1f ms %s: expected the time between them less at most the on-CPU time",
                                offCpuNanos / 1e6, span)),
                () -> assertTrue(
                        sleepingNanos >= offCpuNanos * MIN_SLEEPING_SHARE,
                        () -> String.format(
                                "sleeping (S) time grew %.1f ms of the %.1f ms off the CPU %s, expected >= %.0f%%",
                                sleepingNanos / 1e6, offCpuNanos / 1e6, span, 100 * MIN_SLEEPING_SHARE)),
                () -> assertTrue(
                        voluntary >= minVoluntary,
                        () -> voluntary + " voluntary switches " + span
                                + ", expected one per sleep of at most " + stats.maxBlockMicros() / 1000.0 + " ms: >= "
                                + minVoluntary));
    }

    /** The agent's reading whose totals the event shows, taken no later than it and not too long before. */
    private static Optional<Reading> readingBehind(RecordedEvent periodic, List<Reading> readings) {
        Totals shown = Totals.of(periodic);
        Instant at = periodic.getStartTime();
        return readings.stream()
                .filter(r -> r.totals().equals(shown)
                        && !r.readAt().isAfter(at)
                        && !r.readAt().isBefore(at.minus(MAX_READING_AGE)))
                .findFirst();
    }

    private static List<Reading> agentReadings(Path agentRecording, long tid) throws IOException {
        return RecordingFile.readAllEvents(agentRecording).stream()
                .filter(e -> e.getEventType().getName().equals(READING_EVENT)
                        && e.getThread("eventThread") != null
                        && e.getThread("eventThread").getOSThreadId() == tid)
                .map(e -> new Reading(e.getStartTime(), Totals.of(e)))
                .toList();
    }

    private static void jcmd(TestJdk jdk, SampleProcess sample, Path work, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(jdk.jcmd().toString(), Long.toString(sample.pid())));
        line.addAll(List.of(command));
        JdkTool.Output out = JdkTool.run(line, work);
        assertEquals(0, out.exitCode(), () -> "jcmd failed:\n" + out);
    }

    /** The thread's on-CPU time so far, schedstat's first field; the sample must still be running. */
    private static long onCpuNanosSoFar(SampleProcess sample, long tid) throws IOException {
        Path schedstat = Path.of("/proc", Long.toString(sample.pid()), "task", Long.toString(tid), "schedstat");
        if (!Files.exists(schedstat)) {
            fail("the sleeper (tid " + tid + ") ended before the user's recording was stopped: lengthen RUN_LENGTH ("
                    + RUN_LENGTH + ")");
        }
        return Long.parseLong(Files.readString(schedstat).trim().split(" ")[0]);
    }
}
