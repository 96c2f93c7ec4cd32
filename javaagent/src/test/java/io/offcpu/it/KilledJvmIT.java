package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.samples.SleepSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A JVM killed with SIGKILL mid-run still leaves a readable file of all but the last flush interval. */
class KilledJvmIT {
    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void periodicFlushesSurviveSigkill(TestJdk jdk, @TempDir Path dir) throws Exception {
        BpfPrecondition.assumeBpfAvailable();
        SampleLaunch launch =
                SampleLaunch.of(jdk, SleepSample.class, dir, "60s").withAgentOptions("flush=1s");
        SampleProcess process = launch.start();
        SampleReport report = process.awaitReady(Duration.ofSeconds(30));
        long tid = report.threadId(SleepSample.THREAD_NAME);
        Path recording = launch.recordingFile().orElseThrow();
        // Killed once a flush has written 20 of its sleeps (~1 s of them), not after a fixed time: on a busy
        // machine the first flushes come late. What must hold is that the file survives the kill whole.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (sleepsIn(recording, tid) < 20 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        process.kill();

        assertTrue(Files.exists(recording), "no recording left after SIGKILL");
        long sleeps = sleepsIn(recording, tid);
        assertTrue(sleeps >= 20, () -> "only " + sleeps + " sleeps of the sample thread in the file");
    }

    /** The sample thread's 50 ms sleeps in the file; 0 while there is no (readable) file yet. */
    private static long sleepsIn(Path recording, long tid) {
        if (!Files.exists(recording)) {
            return 0;
        }
        try {
            List<OffCpuEvent> events = OffCpuRecording.read(recording);
            return events.stream()
                    .filter(e -> e.osThreadId() == tid && e.durationNanos() >= 49_000_000L)
                    .count();
        } catch (Exception e) {
            return 0; // replaced by the next flush while read: read it again
        }
    }
}
