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
        Thread.sleep(4_000);
        process.kill();

        Path recording = launch.recordingFile().orElseThrow();
        assertTrue(Files.exists(recording), "no recording left after SIGKILL");
        List<OffCpuEvent> events = OffCpuRecording.read(recording);
        long sleeps = events.stream()
                .filter(e -> e.osThreadId() == tid && e.durationNanos() >= 49_000_000L)
                .count();
        // ~4 s of 50 ms sleeps minus up to one flush interval and start-up: well over 20.
        assertTrue(sleeps >= 20, () -> "only " + sleeps + " sleeps of the sample thread in the file");
    }
}
