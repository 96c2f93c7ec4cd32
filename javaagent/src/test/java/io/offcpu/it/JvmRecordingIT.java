package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.samples.SleepSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code jfr=auto}, the default: the JVM's own recording joins our file when the user runs JFR in that JVM,
 * and the agent starts none otherwise (starting JFR costs the application more than the agent does). The
 * user's own recording is written as if the agent were not there.
 */
class JvmRecordingIT {
    private static final String JVM_SLEEP_EVENT = "jdk.ThreadSleep";

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void noJvmRecordingUnlessJfrRuns(TestJdk jdk, @TempDir Path dir) throws Exception {
        BpfPrecondition.assumeBpfAvailable();
        SampleResult run = SampleLaunch.of(jdk, SleepSample.class, dir, "2s")
                .withAgent("1ms")
                .start()
                .awaitExit(Duration.ofSeconds(60));
        run.requireSuccess();
        List<RecordedEvent> events = RecordingFile.readAllEvents(run.requireRecording());
        assertTrue(events.stream().anyMatch(e -> isNamed(e, OffCpuRecording.OFF_CPU_EVENT)), run::toString);
        assertEquals(
                List.of(),
                events.stream()
                        .map(e -> e.getEventType().getName())
                        .filter(name -> name.startsWith("jdk."))
                        .distinct()
                        .toList(),
                "JVM events without JFR running");
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void theJvmRecordingJoinsWhenTheUserRunsJfr(TestJdk jdk, @TempDir Path dir) throws Exception {
        BpfPrecondition.assumeBpfAvailable();
        Path theirs = dir.resolve("user.jfr");
        SampleResult run = SampleLaunch.of(jdk, SleepSample.class, dir, "2s")
                .withJvmOptions("-XX:StartFlightRecording=filename=" + theirs)
                .withAgent("1ms")
                .start()
                .awaitExit(Duration.ofSeconds(60));
        long tid = run.requireSuccess().threadId(SleepSample.THREAD_NAME);

        List<RecordedEvent> ours = RecordingFile.readAllEvents(run.requireRecording());
        assertTrue(sleepsOf(ours, tid, OffCpuRecording.OFF_CPU_EVENT) >= 10, run::toString);
        // jdk.ThreadSleep is on at 20 ms in JFR's default settings; the sample sleeps 50 ms at a time.
        assertTrue(sleepsOf(ours, tid, JVM_SLEEP_EVENT) >= 10, () -> "the JVM's recording is not in ours:\n" + run);

        assertTrue(Files.isRegularFile(theirs), () -> "the user's recording " + theirs + " was not written:\n" + run);
        assertTrue(
                sleepsOf(RecordingFile.readAllEvents(theirs), tid, JVM_SLEEP_EVENT) >= 10,
                () -> "the user's recording lacks the sleeps:\n" + run);
    }

    private static long sleepsOf(List<RecordedEvent> events, long tid, String eventName) {
        return events.stream()
                .filter(e -> isNamed(e, eventName)
                        && e.getThread() != null
                        && e.getThread().getOSThreadId() == tid)
                .count();
    }

    private static boolean isNamed(RecordedEvent event, String name) {
        return event.getEventType().getName().equals(name);
    }
}
