package io.offcpu.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our chunks appended to a real recording of this JVM, read back by readers that are not ours:
 * the JDK's RecordingFile (17 in-process, 25 in a child process) and {@code jfr print} of both.
 * The JMC parser and rules have their own test ({@link JmcReadsMergedRecordingTest}).
 */
class MergedRecordingTest {

    @TempDir
    static Path dir;

    static Path merged;
    static JvmRecordingFixture jvm;
    static TickClock clock;
    static long parkStart;
    static final long PARK_NANOS = 2_000_000;
    static final long SLEEP_NANOS = 3_000_000;

    @BeforeAll
    static void writeAndMerge() throws Exception {
        jvm = JvmRecordingFixture.record(dir.resolve("jvm.jfr"));
        clock = TickClock.fromRecording(jvm.file);
        parkStart = jvm.middleNanos;
        merged = writeMerged(dir, jvm, clock, parkStart);
    }

    /** Two chunks: park + kworker + statistics, then a sleep of another thread. */
    static Path writeMerged(Path dir, JvmRecordingFixture jvm, TickClock clock, long parkStart) throws Exception {
        Path spool = dir.resolve("offcpu.spool");
        try (OffCpuChunkWriter w = new OffCpuChunkWriter(spool, clock)) {
            w.write(SampleEvents.park(parkStart, PARK_NANOS));
            w.write(new OffCpuEvent(
                    parkStart + 100_000,
                    50_000,
                    SampleEvents.KWORKER,
                    List.of(),
                    false,
                    "D",
                    null,
                    0,
                    null,
                    0,
                    50_000));
            w.write(new OffCpuStatistics(parkStart + 200_000, 1000, 3, 2, 1));
            w.flushChunk();
            w.write(new OffCpuEvent(
                    parkStart + 300_000,
                    SLEEP_NANOS,
                    SampleEvents.OTHER_WORKER,
                    SampleEvents.SLEEP_STACK,
                    true,
                    "S",
                    "clock_nanosleep",
                    7_000,
                    null,
                    0,
                    4_000_000));
        }
        Path out = dir.resolve("merged.jfr");
        RecordingFiles.MergeResult r = RecordingFiles.mergeAtomically(jvm.file, spool, out);
        assertEquals(2, r.offCpuChunks());
        assertEquals(0, r.bytesDiscarded());
        return out;
    }

    private static Map<String, List<RecordedEvent>> eventsByType() throws Exception {
        return RecordingFile.readAllEvents(merged).stream()
                .collect(Collectors.groupingBy(e -> e.getEventType().getName()));
    }

    @Test
    void jdkRecordingFileReadsThreadsStacksAndFields() throws Exception {
        Map<String, List<RecordedEvent>> byType = eventsByType();
        List<RecordedEvent> offCpu = byType.get("offcpu.OffCpu");
        assertEquals(3, offCpu.size(), "offcpu.OffCpu events: " + byType.keySet());

        RecordedEvent park = offCpu.stream()
                .filter(e -> e.getThread().getOSThreadId() == 4242)
                .findFirst()
                .orElseThrow();
        RecordedThread t = park.getThread();
        assertEquals("worker-1", t.getJavaName());
        assertEquals(17, t.getJavaThreadId());
        assertEquals("worker-1", t.getOSName());
        assertEquals(PARK_NANOS, park.getDuration().toNanos());
        assertEquals("S", park.getString("state"));
        assertEquals("futex", park.getString("syscall"));
        assertEquals(12_345, park.getDuration("runQueueLatency").toNanos());
        assertEquals(PARK_NANOS, park.getDuration("weight").toNanos());
        assertEquals(1, park.getInt("cpu"));
        assertFalse(park.getBoolean("stackTruncated"));
        RecordedThread waker = park.getValue("waker");
        assertEquals(4444, waker.getOSThreadId());
        assertEquals("producer-thread", waker.getJavaName());

        List<RecordedFrame> frames = park.getStackTrace().getFrames();
        assertEquals(SampleEvents.PARK_STACK.size(), frames.size());
        for (int i = 0; i < frames.size(); i++) {
            Frame expected = SampleEvents.PARK_STACK.get(i);
            assertEquals(expected.methodName(), frames.get(i).getMethod().getName(), "frame " + i);
            assertEquals(expected.type().jfrName(), frames.get(i).getType(), "frame " + i);
            assertEquals(
                    expected.className().replace('/', '.'),
                    frames.get(i).getMethod().getType().getName());
            assertEquals(expected.lineNumber(), frames.get(i).getLineNumber(), "frame " + i);
        }
        assertEquals(
                "java.util.concurrent.locks",
                frames.get(5).getMethod().getType().getString("package.name").replace('/', '.'));
        assertEquals("(Ljava/lang/Object;)V", frames.get(5).getMethod().getDescriptor());
        assertEquals("()L;", frames.get(0).getMethod().getDescriptor());

        RecordedEvent kworker = offCpu.stream()
                .filter(e -> e.getThread().getOSThreadId() == 77)
                .findFirst()
                .orElseThrow();
        assertNull(kworker.getThread().getJavaName());
        assertEquals("kworker/0:1", kworker.getThread().getOSName());
        assertNull(kworker.getStackTrace());
        assertNull(kworker.getValue("waker"));

        // Second chunk: a different thread must not inherit the first chunk's constants.
        RecordedEvent sleep = offCpu.stream()
                .filter(e -> e.getThread().getOSThreadId() == 4343)
                .findFirst()
                .orElseThrow();
        assertEquals("worker-2 (renamed in Java)", sleep.getThread().getJavaName());
        assertEquals(
                "pause", sleep.getStackTrace().getFrames().get(4).getMethod().getName());
        assertTrue(sleep.getStackTrace().isTruncated());
        assertTrue(sleep.getBoolean("stackTruncated"));

        RecordedEvent stats = byType.get("offcpu.Statistics").get(0);
        assertEquals(1000, stats.getLong("switchesSeen"));
        assertEquals(2, stats.getLong("recordsDropped"));
        assertEquals("Off-CPU", stats.getEventType().getCategoryNames().get(0));
        assertEquals("Off-CPU", park.getEventType().getLabel());
    }

    @Test
    void jdk17StartTimesUseTheJvmTickBaseAndSortBetweenJvmEvents() throws Exception {
        Map<String, List<RecordedEvent>> byType = eventsByType();
        List<Long> markers = byType.get("offcpu.test.Marker").stream()
                .map(e -> JvmRecordingFixture.epochNanos(e.getStartTime()))
                .sorted()
                .collect(Collectors.toList());
        assertEquals(2, markers.size());
        RecordedEvent park = byType.get("offcpu.OffCpu").stream()
                .filter(e -> e.getThread().getOSThreadId() == 4242)
                .findFirst()
                .orElseThrow();
        long parkEpoch = JvmRecordingFixture.epochNanos(park.getStartTime());
        assertBetweenMarkers(markers, parkEpoch);
        // Ticks conversion: what the reader computes equals the wall-clock time of the input to ~1 µs.
        assertEquals(clock.epochNanosAt(parkStart), parkEpoch, 1_000, "start time vs input");
    }

    private static void assertBetweenMarkers(List<Long> markers, long epochNanos) {
        long slack = JvmRecordingFixture.GAP_NANOS / 2; // far above clock calibration error, far below the gap
        assertTrue(
                markers.get(0) + slack < epochNanos && epochNanos + slack < markers.get(1),
                "our event at " + epochNanos + " must lie between the JVM's markers " + markers + " (each at least "
                        + JvmRecordingFixture.GAP_NANOS + " ns away)");
    }

    @Test
    void jdk25RecordingFileUsesTheSameTimes() throws Exception {
        Path checker = Path.of("src/test/resources/PrintWithRecordingFile.java").toAbsolutePath();
        ExternalTool.Result r = ExternalTool.run(
                ExternalTool.JDK25_HOME.resolve("bin/java"),
                checker.toString(),
                merged.toString(),
                "offcpu.OffCpu",
                "offcpu.test.Marker");
        assertEquals(0, r.exitCode(), r.output());
        List<Long> markers = new ArrayList<>();
        long parkEpoch = -1;
        for (String line : r.output().split("\n")) {
            String[] f = line.split("\\|");
            if (f[0].equals("offcpu.test.Marker")) {
                markers.add(Long.parseLong(f[1]));
            } else if (f[0].equals("offcpu.OffCpu") && f[3].equals("4242")) {
                parkEpoch = Long.parseLong(f[1]);
                assertEquals(PARK_NANOS, Long.parseLong(f[2]));
                assertEquals("worker-1", f[4]);
                assertEquals("schedule/Kernel", f[5]);
                assertEquals(String.valueOf(SampleEvents.PARK_STACK.size()), f[6]);
            }
        }
        markers.sort(null);
        assertEquals(2, markers.size(), r.output());
        assertBetweenMarkers(markers, parkEpoch);
        assertEquals(clock.epochNanosAt(parkStart), parkEpoch, 1_000, "JDK 25 start time vs input");
    }

    @Test
    void jfrPrintOfJdk17ShowsOurFields() throws Exception {
        assertJfrPrintShowsFields(ExternalTool.JDK17_JFR);
    }

    @Test
    void jfrPrintOfJdk25ShowsOurFields() throws Exception {
        assertJfrPrintShowsFields(ExternalTool.JDK25_HOME.resolve("bin/jfr"));
    }

    private static void assertJfrPrintShowsFields(Path jfr) throws Exception {
        assertTrue(Files.isExecutable(jfr), "missing " + jfr);
        ExternalTool.Result r = ExternalTool.run(
                jfr, "print", "--stack-depth", "20", "--events", "offcpu.OffCpu,offcpu.Statistics", merged.toString());
        assertEquals(0, r.exitCode(), r.output());
        String out = r.output();
        for (String expected : List.of(
                "offcpu.OffCpu",
                "offcpu.Statistics",
                "duration = 2.00 ms",
                "runQueueLatency = 0.0123 ms",
                "syscall = \"futex\"",
                "state = \"S\"",
                "cpu = 1",
                "weight = 2.00 ms",
                "stackTruncated = false",
                "eventThread = \"worker-1\" (javaThreadId = 17)",
                "waker = \"producer-thread\" (javaThreadId = 19)",
                "kernel.schedule()",
                "libjvm.so.Parker::park()",
                "java.util.concurrent.locks.LockSupport.park(Object) line: 211",
                "io.offcpu.demo.Worker.run() line: 42",
                "switchesSeen = 1000",
                "\"kworker/0:1\" (osThreadId = 77)")) {
            assertTrue(out.contains(expected), "jfr print (" + jfr + ") lacks '" + expected + "':\n" + out);
        }
        ExternalTool.Result json =
                ExternalTool.run(jfr, "print", "--json", "--events", "offcpu.OffCpu", merged.toString());
        assertEquals(0, json.exitCode(), json.output());
        assertTrue(json.output().contains("\"osThreadId\": 4242"), json.output());
    }

    @Test
    void wholeFileSummaryAndPrintSucceedWithBothJdks() throws Exception {
        for (Path jfr : List.of(ExternalTool.JDK17_JFR, ExternalTool.JDK25_HOME.resolve("bin/jfr"))) {
            ExternalTool.Result summary = ExternalTool.run(jfr, "summary", merged.toString());
            assertEquals(0, summary.exitCode(), jfr + " summary:\n" + summary.output());
            assertTrue(summary.output().contains("offcpu.OffCpu"), summary.output());
            ExternalTool.Result print = ExternalTool.run(jfr, "print", merged.toString());
            assertEquals(0, print.exitCode(), jfr + " print failed");
            assertTrue(print.output().contains("offcpu.test.Marker")
                    && print.output().contains("offcpu.OffCpu"));
        }
    }

    @Test
    void jvmEventsSurviveTheMerge() throws Exception {
        Map<String, List<RecordedEvent>> byType = eventsByType();
        assertEquals(2, byType.get("offcpu.test.Marker").size());
        assertNotNull(byType.get("jdk.ThreadSleep"), "jdk.ThreadSleep from the JVM's chunk: " + byType.keySet());
    }
}
