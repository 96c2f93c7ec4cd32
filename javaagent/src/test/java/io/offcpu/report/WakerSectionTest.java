package io.offcpu.report;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** "Who woke them" on intervals made here: one waker of several threads, at several places. */
class WakerSectionTest {
    private static final long MS = 1_000_000L;

    @Test
    void aWakerOfSeveralThreadsSaysWhomEachStackWokeAndSumsTheStacksItLeavesOut() {
        ReportThread holder = new ReportThread(1, "holder", "holder");
        ReportThread waiter = new ReportThread(2, "waiter", "waiter");
        ReportThread main = new ReportThread(3, "main", "main");
        List<BlockedInterval> intervals = new ArrayList<>();
        for (int line : new int[] {40, 40, 40, 41, 42, 43}) {
            intervals.add(monitorWait(waiter, holder, line, line == 40 ? 20 * MS : MS));
        }
        intervals.add(monitorWait(main, holder, 99, 100 * MS));
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            WakerSection.print(out, intervals, 163 * MS, 10);
        }
        String section = section(text.toString());
        assertAll(
                () -> ReportAssertions.assertRow(
                        section,
                        WakerSection.TITLE,
                        "holder (tid 1) woke main (tid 3) and waiter (tid 2)",
                        163 * MS,
                        7),
                // Most time first; the C++ frame without its parameter list.
                () -> assertTrue(
                        Pattern.compile("\n +100\\.0 ms +[\\d.]+% +1    "
                                        + lines("woke main (tid 3) at "
                                                + "ObjectMonitor::ExitEpilog [C++]\n<- com.example.Holder.release:99"))
                                .matcher(section)
                                .find(),
                        section),
                () -> assertTrue(
                        Pattern.compile("\n +60\\.0 ms +[\\d.]+% +3    "
                                        + lines("woke waiter (tid 2) at "
                                                + "ObjectMonitor::ExitEpilog [C++]\n<- com.example.Holder.release:40"))
                                .matcher(section)
                                .find(),
                        section),
                () -> assertTrue(
                        Pattern.compile("\n +2\\.0 ms +[\\d.]+% +2    \\(2 more stacks\\)\n")
                                .matcher(section)
                                .find(),
                        section));
    }

    private static BlockedInterval monitorWait(ReportThread woken, ReportThread waker, int line, long nanos) {
        List<BlockedInterval.NamedFrame> release = List.of(
                new BlockedInterval.NamedFrame("com.example.Holder.release", "Interpreted", true, line),
                new BlockedInterval.NamedFrame("ObjectMonitor::ExitEpilog(JavaThread*, ObjectWaiter*)", "C++", false),
                new BlockedInterval.NamedFrame("pthread_cond_signal", "Native", false),
                new BlockedInterval.NamedFrame("try_to_wake_up", "Kernel", false));
        return new BlockedInterval(
                0,
                woken,
                "sleeping (S)",
                "futex",
                ReportReason.LOCK,
                "park",
                nanos,
                nanos,
                List.of(),
                new ReportWaker(waker, line, release, "thread"));
    }

    /** A label of several lines as the table prints it: each line continues after some indentation. */
    private static String lines(String label) {
        return String.join("\n +", label.lines().map(Pattern::quote).toList());
    }

    /** From the section's heading to the blank line after it. */
    private static String section(String out) {
        int start = out.indexOf(WakerSection.TITLE + ":");
        assertTrue(start >= 0, () -> "no section " + WakerSection.TITLE + " in\n" + out);
        int end = out.indexOf("\n\n", start);
        return out.substring(start, end < 0 ? out.length() : end);
    }
}
