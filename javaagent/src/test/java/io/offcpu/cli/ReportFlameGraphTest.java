package io.offcpu.cli;

import static io.offcpu.cli.ReportFixture.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.jfr.OffCpuChunkWriter;
import io.offcpu.jfr.RecordingFiles;
import io.offcpu.jfr.TickClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML flame graphs, read back with jfr-converter's own HTML parser: the weights it draws add up to the
 * events' weights, per stack; the wall graph adds this JVM's real on-CPU samples weighted by their period.
 */
class ReportFlameGraphTest {
    private static final long SAMPLE_PERIOD_MS = 10;

    @TempDir
    static Path dir;

    static Path fixture;

    @BeforeAll
    static void writeRecording() throws Exception {
        fixture = ReportFixture.write(dir.resolve("fixture.jfr"));
    }

    @Test
    void offCpuGraphWeighsEachStackByItsEventsUnderARootFramePerThread() throws Exception {
        Path html = dir.resolve("nested/dir/flame.html");
        ReportRun run = ReportRun.of(fixture.toString(), "--html", html.toString(), "--all-threads");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Flame graph: " + html.toAbsolutePath()), run::toString);

        Map<String, Long> stacks = ReportFlameGraphs.collapsed(html);
        assertEquals(ReportFixture.TOTAL_WEIGHT, ReportFlameGraphs.total(stacks), stacks::toString);
        // worker-1's two parks and its preemption share one stack: 2 + 5 + 0.5 ms.
        assertEquals(
                7 * MS + MS / 2,
                stacks.get(
                        "[worker-1 tid=101];com.example.Worker.run_[0];"
                                + "com.example.Queue.take_[j];java.util.concurrent.locks.LockSupport.park_[i];"
                                + "jdk.internal.misc.Unsafe.park_[j];Parker::park;__futex_abstimed_wait_common;futex_do_wait_[k]"),
                stacks::toString);
        assertEquals(MS, stacks.get("[GC Thread#0 tid=103]"), "an event without stack is its thread's own time");
        String page = Files.readString(html);
        assertTrue(page.contains("' ms'"), "tooltips show time, not samples");
        assertTrue(page.contains("<h1>Off-CPU time: fixture.jfr</h1>"), "title");
    }

    @Test
    void jvmInternalThreadsAreOneTowerByDefault() throws Exception {
        Path html = dir.resolve("application-first.html");
        ReportRun run = ReportRun.of(fixture.toString(), "--html", html.toString());
        assertEquals(0, run.exitCode(), run::toString);
        Map<String, Long> stacks = ReportFlameGraphs.collapsed(html);
        assertEquals(ReportFixture.TOTAL_WEIGHT, ReportFlameGraphs.total(stacks), stacks::toString);
        // The GC thread's 21 ms (two events), drawn without its frames.
        assertEquals(21 * MS, stacks.get("[JVM internal threads]"), stacks::toString);
        assertTrue(stacks.keySet().stream().noneMatch(s -> s.contains("GC Thread")), stacks::toString);
    }

    @Test
    void filtersApplyToTheGraphAndThreadsCanBeMerged() throws Exception {
        Path html = dir.resolve("merged.html");
        ReportRun run = ReportRun.of(
                fixture.toString(), "--html", html.toString(), "--merge-threads", "--reason", "lock", "--all-threads");
        assertEquals(0, run.exitCode(), run::toString);
        Map<String, Long> stacks = ReportFlameGraphs.collapsed(html);
        assertEquals(2 * MS + 5 * MS + 20 * MS, ReportFlameGraphs.total(stacks), stacks::toString);
        assertTrue(stacks.keySet().stream().noneMatch(s -> s.contains("tid=")), stacks::toString);
        assertTrue(
                stacks.keySet().stream()
                        .allMatch(s -> s.startsWith("com.example.Worker.run") || s.startsWith("Thread::call_run")),
                stacks::toString);
    }

    @Test
    void wallGraphAddsOnCpuSamplesWeightedByTheirPeriodAndMarksBothHalves() throws Exception {
        Path merged = recordThisJvmThenAppendTheFixture();
        List<RecordedEvent> samples = RecordingFile.readAllEvents(merged).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.ExecutionSample"))
                .toList();
        assertFalse(samples.isEmpty(), "JFR took no execution sample of a thread spinning for a second");

        Path html = dir.resolve("wall.html");
        ReportRun run = ReportRun.of(merged.toString(), "--html", html.toString(), "--wall");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(
                run.out()
                        .contains(
                                String.format(java.util.Locale.ROOT, "On-CPU: %,d samples x 10.0 ms", samples.size())),
                run::toString);
        assertTrue(run.out().contains("period from the recording's jdk.ExecutionSample period setting"), run::toString);

        Map<String, Long> stacks = ReportFlameGraphs.collapsed(html);
        long onCpu = sum(stacks, s -> s.endsWith(";[on-cpu]"));
        long offCpu = sum(stacks, s -> s.contains("[off-cpu: "));
        assertEquals(samples.size() * SAMPLE_PERIOD_MS * MS, onCpu, stacks::toString);
        assertEquals(ReportFixture.TOTAL_WEIGHT, offCpu, stacks::toString);
        assertEquals(onCpu + offCpu, ReportFlameGraphs.total(stacks), "every stack ends in a marker");
        assertTrue(
                stacks.keySet().stream().anyMatch(s -> s.contains("spinForReportTest") && s.endsWith("[on-cpu]")),
                stacks::toString);
        assertEquals(
                50 * MS,
                stacks.get("[sleeper-thread tid=102];com.example.Sleeper.nap_[j];java.lang.Thread.sleep_[j];"
                        + "__futex_abstimed_wait_common;futex_do_wait_[k];[off-cpu: sleep]"),
                stacks::toString);

        // --thread selects on-CPU samples too: the spinning thread has no off-CPU event in the fixture.
        Path spinOnly = dir.resolve("spin.html");
        ReportRun spin = ReportRun.of(
                merged.toString(), "--html", spinOnly.toString(), "--wall", "--thread", "report-test-spinner");
        assertEquals(0, spin.exitCode(), spin::toString);
        Map<String, Long> spinStacks = ReportFlameGraphs.collapsed(spinOnly);
        long spinnerSamples = samples.stream()
                .filter(e -> "report-test-spinner"
                        .equals(e.getThread("sampledThread").getJavaName()))
                .count();
        assertEquals(spinnerSamples * SAMPLE_PERIOD_MS * MS, ReportFlameGraphs.total(spinStacks), spinStacks::toString);
    }

    @Test
    void wallWithoutSamplesWarnsAndDrawsTheOffCpuHalf() throws Exception {
        Path html = dir.resolve("wall-no-samples.html");
        ReportRun run = ReportRun.of(fixture.toString(), "--html", html.toString(), "--wall");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.err().contains("holds no jdk.ExecutionSample events"), run::toString);
        assertTrue(run.err().contains("jfr=profile"), run::toString);
        assertEquals(ReportFixture.TOTAL_WEIGHT, ReportFlameGraphs.total(ReportFlameGraphs.collapsed(html)));
    }

    /** A JFR recording of this JVM with a thread spinning, sampled every 10 ms, then the fixture's chunks. */
    private static Path recordThisJvmThenAppendTheFixture() throws Exception {
        Path jvm = dir.resolve("jvm.jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(SAMPLE_PERIOD_MS));
            r.enable("jdk.ActiveSetting"); // where the report reads the period from, as in the default and profile
            // settings
            r.start();
            Thread spinner = new Thread(ReportFlameGraphTest::spinForReportTest, "report-test-spinner");
            spinner.start();
            spinner.join();
            r.stop();
            r.dump(jvm);
        }
        Path spool = dir.resolve("fixture.spool");
        TickClock clock = TickClock.fromRecording(jvm);
        try (OffCpuChunkWriter w = new OffCpuChunkWriter(spool, clock)) {
            long now = System.nanoTime();
            for (var e : ReportFixture.EVENTS) {
                w.write(new io.offcpu.jfr.OffCpuEvent(
                        now + e.startNanos() - ReportFixture.START_NANOS - 10 * ReportFixture.SECOND,
                        e.durationNanos(),
                        e.thread(),
                        e.stack(),
                        false,
                        e.state(),
                        e.syscall(),
                        0,
                        null,
                        0,
                        e.weightNanos(),
                        e.reason(),
                        e.reasonDetail(),
                        0,
                        0,
                        ""));
            }
        }
        Path merged = dir.resolve("wall.jfr");
        RecordingFiles.mergeAtomically(jvm, spool, merged);
        return merged;
    }

    static volatile long sink;

    /** Sorting, not a bare loop: JFR's sampler rarely manages to walk a thread in a tight compiled loop. */
    private static void spinForReportTest() {
        long end = System.nanoTime() + 1_000_000_000L;
        java.util.Random random = new java.util.Random(42);
        long x = 0;
        while (System.nanoTime() < end) {
            int[] values = random.ints(2_000).toArray();
            java.util.Arrays.sort(values);
            x += values[0];
        }
        sink = x;
    }

    private static long sum(Map<String, Long> stacks, java.util.function.Predicate<String> which) {
        return stacks.entrySet().stream()
                .filter(e -> which.test(e.getKey()))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }
}
