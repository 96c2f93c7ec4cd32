package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.samples.AllSamples;
import io.offcpu.samples.FsyncSample;
import io.offcpu.samples.MonitorSample;
import io.offcpu.samples.ParkSample;
import io.offcpu.samples.SleepSample;
import io.offcpu.samples.SocketReadSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The harness without the agent: samples start on both JDKs, report their pid and the kernel tids of their
 * threads (checked against {@code /proc/<pid>/task/<tid>/comm} while they run), and end cleanly on time.
 */
class SampleLaunchSmokeIT {
    /** The kernel keeps 15 characters of a thread name (TASK_COMM_LEN 16 with the NUL). */
    private static final int COMM_LENGTH = 15;
    /** Long enough that the threads still run when the test reads their comm on a loaded machine (1 s was not). */
    private static final String RUN_LENGTH = "2s";

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void sleepSampleReportsItsThreadAndSleepsFiftyMillisPerCall(TestJdk jdk, @TempDir Path workDirectory)
            throws Exception {
        SampleProcess sample = SampleLaunch.of(jdk, SleepSample.class, workDirectory, RUN_LENGTH)
                .start();
        SampleReport ready = sample.awaitReady(Duration.ofSeconds(30));
        long tid = ready.threadId(SleepSample.THREAD_NAME);
        String comm = comm(sample.pid(), tid);
        SampleReport report = sample.awaitExit(Duration.ofSeconds(30)).requireSuccess();
        SampleReport.LoopStats stats = report.requireLoopStats(SleepSample.THREAD_NAME);

        assertAll(
                () -> assertEquals(sample.pid(), report.pid(), "pid printed by the sample"),
                () -> assertNotEquals(sample.pid(), tid, "the sleeper is not the main thread"),
                () -> assertEquals(SleepSample.THREAD_NAME, comm, "comm of the printed tid"),
                // 2 s of 50 ms sleeps: 40 calls (41 when the last starts just before the deadline).
                () -> assertTrue(stats.blocks() >= 36 && stats.blocks() <= 41, () -> stats + ": expected ~40 calls"),
                () -> assertTrue(
                        stats.blockedMicros() >= stats.blocks() * SleepSample.BLOCK.toNanos() / 1000,
                        () -> stats + ": a 50 ms sleep takes at least 50 ms"));
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void allSamplesReportEveryThreadWithADistinctTid(TestJdk jdk, @TempDir Path workDirectory) throws Exception {
        SampleProcess sample = SampleLaunch.of(
                        jdk, AllSamples.class, workDirectory, RUN_LENGTH, workDirectory.toString())
                .start();
        Map<String, Long> tids = sample.awaitReady(Duration.ofSeconds(30)).threadIds();
        List<String> expectedThreads = List.of(
                SleepSample.THREAD_NAME,
                ParkSample.THREAD_NAME,
                MonitorSample.HOLDER_THREAD_NAME,
                MonitorSample.WAITER_THREAD_NAME,
                SocketReadSample.READER_THREAD_NAME,
                SocketReadSample.SERVER_THREAD_NAME,
                FsyncSample.THREAD_NAME);
        for (String name : expectedThreads) {
            Long tid = tids.get(name);
            assertTrue(tid != null, () -> "no tid printed for " + name + ": " + tids);
            String expectedComm = name.length() > COMM_LENGTH ? name.substring(0, COMM_LENGTH) : name;
            assertEquals(expectedComm, comm(sample.pid(), tid), "comm of tid " + tid + " printed for " + name);
        }
        SampleReport report = sample.awaitExit(Duration.ofSeconds(30)).requireSuccess();
        assertEquals(tids.size(), new HashSet<>(tids.values()).size(), () -> "tids not distinct: " + tids);
        for (String name : expectedThreads) {
            if (!name.equals(SocketReadSample.SERVER_THREAD_NAME)) {
                assertTrue(report.requireLoopStats(name).blocks() > 0, () -> name + " never blocked");
            }
        }
        try (var left = Files.list(workDirectory)) {
            assertTrue(
                    left.noneMatch(p -> p.getFileName().toString().startsWith("offcpu-fsync-")),
                    "the fsync sample left its file behind");
        }
    }

    private static String comm(long pid, long tid) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(tid), "comm"))
                .trim();
    }
}
