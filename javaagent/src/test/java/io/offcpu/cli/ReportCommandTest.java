package io.offcpu.cli;

import static io.offcpu.cli.ReportFixture.MS;
import static io.offcpu.report.ReportAssertions.assertRow;
import static io.offcpu.report.ReportAssertions.ms;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.jfr.OffCpuEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.Recording;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report} on a recording whose every event is known ({@link ReportFixture}). */
class ReportCommandTest {
    @TempDir
    static Path dir;

    static Path recording;

    @BeforeAll
    static void writeRecording() throws Exception {
        recording = ReportFixture.write(dir.resolve("fixture.jfr"));
    }

    @Test
    void totalsByReasonThreadAndStatisticsAreTheSumsOfWeights() {
        ReportRun run = ReportRun.of(recording.toString());
        assertEquals(0, run.exitCode(), run::toString);
        String out = run.out();
        assertAll(
                () -> assertEquals(
                        ms(ReportFixture.TOTAL_WEIGHT), totalLine(out).group(1), out),
                () -> assertEquals("8", totalLine(out).group(2), out),
                () -> assertRow(out, "By reason", "lock", 2 * MS + 5 * MS + 20 * MS, 3),
                () -> assertRow(out, "By reason", "sleep", 50 * MS, 1),
                () -> assertRow(out, "By reason", "network", 10 * MS, 1),
                () -> assertRow(out, "By reason", "disk-io", 7 * MS, 1),
                () -> assertRow(out, "By reason", "preempted", MS / 2, 1),
                () -> assertRow(out, "By reason", "page-fault", MS, 1),
                () -> assertRow(out, "By thread", "worker-1 (tid 101)", 2 * MS + 5 * MS + MS / 2, 3),
                () -> assertRow(out, "By thread", "sleeper-thread (tid 102)", 50 * MS, 1),
                // The GC thread is the JVM's: one row after the application's threads, by itself with --all-threads.
                () -> assertRow(
                        out,
                        "By thread",
                        "JVM internal threads (1 thread: GC, JIT compiler, JFR, VM, service threads, the agent's; --all-threads shows them one by one)",
                        21 * MS,
                        2),
                () -> assertTrue(out.indexOf("JVM internal threads") > out.indexOf("sleeper-thread (tid 102)"), out),
                () -> assertRow(
                        ReportRun.of(recording.toString(), "--all-threads").out(),
                        "By thread",
                        "GC Thread#0 (tid 103)",
                        21 * MS,
                        2),
                () -> assertRow(out, "By state and syscall", "uninterruptible (D) in fsync", 7 * MS, 1),
                () -> assertTrue(
                        out.contains("Profiler statistics (whole recording): switches seen 1,000, episodes "
                                + "emitted 8, records dropped 2, stacks failed 1"),
                        out),
                () -> assertTrue(out.contains("WARNING: 2 records were dropped"), out));
    }

    @Test
    void topStacksShowTheLeafAndTheInnermostJavaFramesOrJvmFrames() {
        String out = ReportRun.of(recording.toString(), "--top", "3", "--all-threads")
                .out();
        String stacks = out.substring(out.indexOf("Top blocked stacks"));
        assertAll(
                () -> assertTrue(stacks.startsWith("Top blocked stacks: (top 3 of 6)"), stacks),
                // The first row: the sleep, 50 ms of 95.5 ms.
                () -> assertTrue(
                        stacks.matches("(?s).*\n  +50\\.0 ms +52\\.4% +1  futex_do_wait \\[Kernel]\n +<- "
                                + "java\\.lang\\.Thread\\.sleep\n +<- com\\.example\\.Sleeper\\.nap\n.*"),
                        stacks),
                // The GC thread has no Java frames: its JVM frames say what it waits for.
                () -> assertTrue(stacks.contains("<- Monitor::wait [C++]"), stacks),
                () -> assertTrue(stacks.contains("<- G1ServiceThread::wait_for_task [C++]"), stacks),
                // Two park events of worker-1 and one preemption at the same place are one row (7.5 ms).
                () -> assertFalse(
                        stacks.contains("Parker::park"), "C++ frames only for stacks without Java: " + stacks));
        String all = ReportRun.of(recording.toString(), "--top", "100", "--all-threads")
                .out();
        assertTrue(
                all.matches("(?s).*\n  +7\\.5 ms +7\\.9% +3  futex_do_wait \\[Kernel]\n +<- jdk\\.internal\\.misc\\."
                        + "Unsafe\\.park\n +<- java\\.util\\.concurrent\\.locks\\.LockSupport\\.park\n +<- com\\.example\\.Queue\\.take"
                        + "\n +<- com\\.example\\.Worker\\.run\n.*"),
                all);
        assertTrue(all.matches("(?s).*\n  +1\\.0 ms +1\\.0% +1  \\(no stack\\)\n.*"), all);
    }

    @Test
    void threadReasonTimeAndDurationFiltersSelectEvents() {
        assertSelected(
                e -> e.thread().javaName() != null && e.thread().javaName().startsWith("worker"), "--thread", "^work");
        assertSelected(e -> e.thread().osName().equals("GC Thread#0"), "--thread", "GC Thread");
        assertSelected(e -> e.syscall().equals("read") || e.syscall().equals("fsync"), "--reason", "network,disk-io");
        assertSelected(e -> e.durationNanos() >= 5 * MS, "--min", "5ms");
        // Relative to the recording's start (the first event, at 1 s): [2 s, 4 s) covers the events at 3 s and 4 s.
        assertSelected(
                e -> e.startNanos() >= 3 * ReportFixture.SECOND && e.startNanos() < 5 * ReportFixture.SECOND,
                "--from",
                "2s",
                "--to",
                "4s");
        // Clock times in UTC: EPOCH_BASE is 16:00:00, so 16:00:05 is the event at 5 s.
        assertSelected(e -> e.startNanos() >= 5 * ReportFixture.SECOND, "--from", "16:00:05");
        assertSelected(e -> e.startNanos() < 2 * ReportFixture.SECOND, "--to", "2025-11-24T16:00:02Z");
        assertSelected(
                e -> e.thread().osThreadId() == 101 && e.durationNanos() >= MS,
                "--thread",
                "worker",
                "--reason",
                "lock",
                "--min",
                "1ms");
    }

    @Test
    void noMatchingEventsIsAnAnswerNotAnError() {
        ReportRun run = ReportRun.of(recording.toString(), "--thread", "no-such-thread");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Off-CPU time: 0.0 ms in 0 events"), run::toString);
        assertTrue(run.out().contains("Selected: 0 of 8 off-CPU events"), run::toString);
    }

    @Test
    void optionErrorsNameTheValueAndWhatIsAccepted() {
        String file = recording.toString();
        assertUsageError(
                ReportRun.of(file, "--min", "5x"), "bad duration '5x'", "use a number with ns, us, ms, s, m or h");
        assertUsageError(ReportRun.of(file, "--from", "yesterday"), "'yesterday' is not a time", "10:04:05");
        assertUsageError(
                ReportRun.of(file, "--reason", "lock,bogus"),
                "--reason 'bogus' is not a reason",
                "preempted, lock, idle, sleep, network, disk-io, page-fault, other");
        assertUsageError(ReportRun.of(file, "--thread", "worker("), "--thread 'worker(' is not a regular expression");
        assertUsageError(ReportRun.of(file, "--top", "0"), "--top must be at least 1, was 0");
        assertUsageError(ReportRun.of(file, "--wall"), "--wall draws the flame graph", "--html FILE");
        ReportRun emptyWindow = ReportRun.of(file, "--from", "5s", "--to", "5s");
        assertEquals(ReportCommand.FAILED, emptyWindow.exitCode(), emptyWindow::toString);
        assertTrue(emptyWindow.err().contains("--from is not before --to"), emptyWindow::toString);
    }

    @Test
    void fileErrorsNameTheFileAndWhatWasExpected() throws Exception {
        Path missing = dir.resolve("missing.jfr");
        assertFailure(ReportRun.of(missing.toString()), "no such file: " + missing);

        Path text = Files.writeString(dir.resolve("notes.jfr"), "these are not the events you are looking for");
        assertFailure(ReportRun.of(text.toString()), text + " is not a JFR recording", "FLR");

        Path empty = Files.createFile(dir.resolve("empty.jfr"));
        assertFailure(ReportRun.of(empty.toString()), empty + " is empty");

        Path cut = dir.resolve("cut.jfr");
        byte[] whole = Files.readAllBytes(recording);
        Files.write(cut, java.util.Arrays.copyOf(whole, 100));
        assertFailure(ReportRun.of(cut.toString()), cut + " holds no complete JFR chunk");

        Path jvmOnly = dir.resolve("jvm-only.jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.JVMInformation");
            r.start();
            r.stop();
            r.dump(jvmOnly);
        }
        assertFailure(
                ReportRun.of(jvmOnly.toString()), jvmOnly + " holds no offcpu.OffCpu events", "-javaagent:offcpu.jar");

        assertFailure(ReportRun.of(dir.toString()), dir + " is not a regular file");
    }

    @Test
    void helpDescribesEveryOption() {
        ReportRun run = ReportRun.of("--help");
        assertEquals(0, run.exitCode());
        for (String option : List.of(
                "--html",
                "--wall",
                "--wakers",
                "--thread",
                "--reason",
                "--from",
                "--to",
                "--min",
                "--top",
                "--merge-threads")) {
            assertTrue(run.out().contains(option), () -> option + " missing from --help:\n" + run.out());
        }
    }

    /** The report's total and event count equal the sum over the fixture events the predicate selects. */
    private static void assertSelected(Predicate<OffCpuEvent> expected, String... options) {
        String[] args = new String[options.length + 1];
        args[0] = recording.toString();
        System.arraycopy(options, 0, args, 1, options.length);
        ReportRun run = ReportRun.of(args);
        assertEquals(0, run.exitCode(), run::toString);
        List<OffCpuEvent> selected =
                ReportFixture.EVENTS.stream().filter(expected).toList();
        assertFalse(selected.isEmpty(), "a filter test must select something");
        Matcher total = totalLine(run.out());
        String what = String.join(" ", options) + "\n" + run;
        assertEquals(ms(selected.stream().mapToLong(OffCpuEvent::weightNanos).sum()), total.group(1), what);
        assertEquals(String.valueOf(selected.size()), total.group(2), what);
    }

    static Matcher totalLine(String out) {
        Matcher m = Pattern.compile("Off-CPU time: ([\\d,.]+) ms in ([\\d,]+) events")
                .matcher(out);
        assertTrue(m.find(), () -> "no total line in\n" + out);
        return m;
    }

    private static void assertUsageError(ReportRun run, String... fragments) {
        assertEquals(2, run.exitCode(), run::toString);
        for (String f : fragments) {
            assertTrue(run.err().contains(f), () -> "stderr lacks '" + f + "': " + run);
        }
    }

    private static void assertFailure(ReportRun run, String... fragments) {
        assertEquals(ReportCommand.FAILED, run.exitCode(), run::toString);
        for (String f : fragments) {
            assertTrue(run.err().contains(f), () -> "stderr lacks '" + f + "': " + run);
        }
        assertEquals("", run.out(), run::toString);
    }
}
