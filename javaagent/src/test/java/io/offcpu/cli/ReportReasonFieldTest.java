package io.offcpu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.Timespan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recordings whose {@code offcpu.OffCpu} events carry a {@code reason} field (the planned schema) are
 * reported by that field, not by what state and syscall suggest.
 */
class ReportReasonFieldTest {

    /** The planned event shape, written by this JVM's own JFR (so the thread is the committing one). */
    @Name("offcpu.OffCpu")
    static final class OffCpuWithReason extends jdk.jfr.Event {
        String state;
        String syscall;
        String reason;
        @Timespan(Timespan.NANOSECONDS)
        long weight;
    }

    @Test
    void theReasonFieldWinsOverTheDerivedOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("with-reason.jfr");
        try (Recording r = new Recording()) {
            r.enable(OffCpuWithReason.class).withoutThreshold();
            r.start();
            // State and syscall say "lock"; the field says the futex was a page fault's wait (as the kernel side may know).
            commit("sleeping (S)", "futex", "page-fault", 3_000_000);
            commit("sleeping (S)", "futex", "lock", 2_000_000);
            // An unknown value falls back to the derived reason.
            commit("runnable (preempted)", "", "cosmic-ray", 1_000_000);
            r.stop();
            r.dump(file);
        }
        ReportRun run = ReportRun.of(file.toString(), "--reason", "page-fault,preempted");
        assertEquals(0, run.exitCode(), run::toString);
        assertFalse(run.out().contains("Reasons are derived"), run::toString);
        assertEquals("4.0", ReportCommandTest.totalLine(run.out()).group(1), run::toString);
        ReportCommandTest.assertRow(run.out(), "By reason", "page-fault", 3_000_000, 1);
        ReportCommandTest.assertRow(run.out(), "By reason", "preempted", 1_000_000, 1);
        assertTrue(run.out().contains("Profiler statistics: none in this recording"), run::toString);
        // An event shape without the waker field: the report says so instead of blaming timers.
        assertTrue(run.out().contains("Who woke them: not known (the events have no waker field"), run::toString);
    }

    private static void commit(String state, String syscall, String reason, long weight) {
        OffCpuWithReason e = new OffCpuWithReason();
        e.begin();
        e.state = state;
        e.syscall = syscall;
        e.reason = reason;
        e.weight = weight;
        e.end();
        e.commit();
    }
}
