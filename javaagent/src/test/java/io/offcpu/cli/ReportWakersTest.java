package io.offcpu.cli;

import static io.offcpu.cli.ReportFixture.MS;
import static io.offcpu.report.ReportAssertions.assertRow;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Who woke them" and {@code --wakers} on {@link ReportFixture}, whose wakers and waker stacks are known:
 * the rows add up to the total, the waker stacks to their waker's row, and only consistent links count.
 */
class ReportWakersTest {
    private static final String SECTION = "Who woke them";
    private static final String PRODUCER = "queue-producer-1 (tid 106)";
    private static final String PRODUCER_STACK = "at Unsafe_Unpark [C++]\n<- jdk.internal.misc.Unsafe.unpark"
            + "\n<- java.util.concurrent.locks.LockSupport.unpark:177\n<- com.example.Queue.put:120"
            + "\n<- com.example.Producer.run:33";

    @TempDir
    static Path dir;

    static final Path recording = ReportFixture.writeTemporary();

    @Test
    void wakersAreRankedByTheOffCpuTimeTheyEndedAndAddUpToTheTotal() {
        ReportRun run = ReportRun.of(recording.toString());
        assertEquals(0, run.exitCode(), run::toString);
        String out = run.out();
        String section = section(out);
        assertAll(
                // The sleeper's timer, named by wokenBy; the page fault's event does not say (an older file).
                () -> assertRow(out, SECTION, "[timer] woke sleeper-thread (tid 102)", 50 * MS, 1),
                () -> assertRow(out, SECTION, "[timer or interrupt] woke GC Thread#0 (tid 103)", MS, 1),
                () -> assertRow(out, SECTION, "VM Thread (tid 107) woke GC Thread#0 (tid 103)", 20 * MS, 1),
                // Another process: named as the agent names it, no stack. Its wakeup id links to a wakeup
                // by another thread, which must not lend it a stack.
                () -> assertRow(out, SECTION, "curl (pid 4242, tid 4242) woke net-reader (tid 104)", 10 * MS, 1),
                () -> assertRow(out, SECTION, "jbd2/sda1-8 (pid 251, tid 251) woke syncer (tid 105)", 7 * MS, 1),
                // Named by its Java name from the offcpu.Wakeup event, not the kernel's 15 characters.
                () -> assertRow(out, SECTION, PRODUCER + " woke worker-1 (tid 101)", 2 * MS + 5 * MS, 2),
                () -> assertRow(out, SECTION, "[preempted] (runnable, no wakeup): worker-1 (tid 101)", MS / 2, 1),
                () -> assertEquals(ReportFixture.TOTAL_WEIGHT, sumOfWakerRows(section), section),
                // Ties in time (7 ms each) are ordered by name.
                () -> assertTrue(section.indexOf("jbd2/") < section.indexOf(PRODUCER + " woke"), section),
                () -> assertTrue(
                        section.contains("Waker stacks (offcpu.Wakeup) for 2 of the 5 events a thread ended"), section),
                () -> assertTrue(section.contains("[timer or interrupt]: no thread woke it"), section),
                () -> assertTrue(section.contains("[timer], [interrupt]: no thread woke it"), section),
                () -> assertFalse(section.contains("queue-producer- "), "the kernel name is replaced: " + section));
    }

    @Test
    void theTopWakersShowTheirStacksWithLinesAddingUpToTheirRow() {
        String section = section(ReportRun.of(recording.toString()).out());
        assertAll(
                // The producer's row (7 ms, 2 events) splits into its linked stack and the sampled episode without one.
                () -> assertTrue(
                        Pattern.compile("\n +7\\.0 ms +[\\d.]+% +2  " + lines(PRODUCER + " woke worker-1 (tid 101)")
                                        + "\n +5\\.0 ms +[\\d.]+% +1    " + lines("[no waker stack]")
                                        + "\n +2\\.0 ms +[\\d.]+% +1    " + lines(PRODUCER_STACK) + "\n")
                                .matcher(section)
                                .find(),
                        section),
                // A JVM thread's wakeup without Java frames: its JVM frames say how it woke the other.
                () -> assertTrue(section.contains("at Monitor::notify_all [C++]"), section),
                () -> assertTrue(
                        Pattern.compile(lines("at Monitor::notify_all [C++]\n<- VMThread::loop [C++]"
                                        + "\n<- Thread::call_run [C++]"))
                                .matcher(section)
                                .find(),
                        section),
                // Wakers in other processes and the bracketed rows have no stacks to show.
                () -> assertFalse(section.contains("at try_to_wake_up"), section));
    }

    @Test
    void filtersSelectTheWokenEvents() {
        ReportRun run = ReportRun.of(recording.toString(), "--thread", "^worker", "--reason", "lock");
        assertEquals(0, run.exitCode(), run::toString);
        String section = section(run.out());
        assertRow(run.out(), SECTION, PRODUCER + " woke worker-1 (tid 101)", 7 * MS, 2);
        assertEquals(7 * MS, sumOfWakerRows(section), section);
        assertFalse(section.contains("[preempted]"), section);
        assertFalse(section.contains("[timer or interrupt]"), "no such row, so no legend: " + section);
    }

    @Test
    void topLimitsTheWakerRowsNotTheirStacks() {
        String section =
                section(ReportRun.of(recording.toString(), "--top", "2").out());
        assertTrue(section.startsWith(SECTION + ": (top 2 of 7)"), section);
        assertEquals(50 * MS + 20 * MS, sumOfWakerRows(section), section);
        assertTrue(section.contains("at Monitor::notify_all"), section);
    }

    @Test
    void wakersGraphStacksEachWakersStackUnderItAndTheWokenThreadOnTop() throws Exception {
        Path html = dir.resolve("wakers.html");
        ReportRun run = ReportRun.of(recording.toString(), "--html", html.toString(), "--wakers");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.err().isEmpty(), run::toString);
        Map<String, Long> stacks = ReportFlameGraphs.collapsed(html);
        assertAll(
                () -> assertEquals(ReportFixture.TOTAL_WEIGHT, ReportFlameGraphs.total(stacks), stacks::toString),
                () -> assertEquals(
                        2 * MS,
                        stacks.get("[queue-producer-1 tid=106];com.example.Producer.run_[0];"
                                + "com.example.Queue.put_[j];java.util.concurrent.locks.LockSupport.unpark_[i];"
                                + "jdk.internal.misc.Unsafe.unpark_[j];Unsafe_Unpark;pthread_cond_signal;futex_wake_[k];"
                                + "try_to_wake_up_[k];[woke worker-1 tid=101]"),
                        stacks::toString),
                () -> assertEquals(
                        5 * MS,
                        stacks.get("[queue-producer-1 tid=106];[no waker stack];[woke worker-1 tid=101]"),
                        stacks::toString),
                () -> assertEquals(
                        10 * MS,
                        stacks.get("[curl (pid 4242) tid=4242];[no waker stack];[woke net-reader tid=104]"),
                        stacks::toString),
                () -> assertEquals(50 * MS, stacks.get("[timer];[woke sleeper-thread tid=102]"), stacks::toString),
                () -> assertEquals(MS / 2, stacks.get("[preempted];[woke worker-1 tid=101]"), stacks::toString));
        assertTrue(
                java.nio.file.Files.readString(html)
                        .contains("<h1>Wakers, by the off-CPU time they ended: " + recording.getFileName() + "</h1>"),
                "title");
    }

    @Test
    void mergedWakersGraphHasNoThreadFramesAndFiltersApply() throws Exception {
        Path html = dir.resolve("wakers-merged.html");
        ReportRun run = ReportRun.of(
                recording.toString(), "--html", html.toString(), "--wakers", "--merge-threads", "--reason", "lock");
        assertEquals(0, run.exitCode(), run::toString);
        Map<String, Long> stacks = ReportFlameGraphs.collapsed(html);
        assertEquals(2 * MS + 5 * MS + 20 * MS, ReportFlameGraphs.total(stacks), stacks::toString);
        assertTrue(stacks.keySet().stream().noneMatch(s -> s.contains("tid=")), stacks::toString);
        assertEquals(
                20 * MS,
                stacks.get("Thread::call_run;VMThread::loop;Monitor::notify_all;pthread_cond_broadcast;"
                        + "try_to_wake_up_[k]"),
                stacks::toString);
    }

    @Test
    void wakersGraphWithoutLinkedStacksSaysWhy() throws Exception {
        Path html = dir.resolve("wakers-no-stacks.html");
        ReportRun run =
                ReportRun.of(recording.toString(), "--html", html.toString(), "--wakers", "--thread", "sleeper");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.err().contains("no selected event links to a waker's stack"), run::toString);
        assertEquals(50 * MS, ReportFlameGraphs.total(ReportFlameGraphs.collapsed(html)));
    }

    @Test
    void wakersOptionErrorsSayWhatIsNeeded() {
        ReportRun noHtml = ReportRun.of(recording.toString(), "--wakers");
        assertEquals(2, noHtml.exitCode(), noHtml::toString);
        assertTrue(
                noHtml.err().contains("--wakers draws the flame graph: give it a file with --html FILE"),
                noHtml::toString);
        ReportRun withWall = ReportRun.of(
                recording.toString(),
                "--wakers",
                "--wall",
                "--html",
                dir.resolve("both.html").toString());
        assertEquals(2, withWall.exitCode(), withWall::toString);
        assertTrue(
                withWall.err().contains("--wakers and --wall draw different flame graphs: choose one"),
                withWall::toString);
    }

    /** A label of several lines as the table prints it: each line continues after some indentation. */
    private static String lines(String label) {
        return String.join("\n +", label.lines().map(Pattern::quote).toList());
    }

    /** From the section's heading to the blank line after it. */
    static String section(String out) {
        int start = out.indexOf(SECTION + ":");
        assertTrue(start >= 0, () -> "no section " + SECTION + " in\n" + out);
        int end = out.indexOf("\n\n", start);
        return out.substring(start, end < 0 ? out.length() : end);
    }

    /** The sum of the waker rows (label right after the count), not of the stack rows under them. */
    private static long sumOfWakerRows(String section) {
        Matcher row =
                Pattern.compile("(?m)^  +([\\d,.]+) ms +[\\d.]+% +[\\d,]+  \\S").matcher(section);
        long tenthsOfMs = 0;
        while (row.find()) {
            tenthsOfMs += Math.round(Double.parseDouble(row.group(1).replace(",", "")) * 10);
        }
        return tenthsOfMs * MS / 10;
    }
}
