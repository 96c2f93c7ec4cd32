package io.offcpu.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.StackTrace;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tick mapping against the JVM's own events. */
class TickClockTest {

    @TempDir
    Path dir;

    @Name("offcpu.test.Bracketed")
    @StackTrace(false)
    static final class Bracketed extends Event {
        long nanoBefore;
        long nanoAfter;
    }

    @Test
    void jvmEventsStartWhereTheClockSaysTheirNanoTimeIs() throws Exception {
        Path file = dir.resolve("bracketed.jfr");
        try (Recording r = new Recording()) {
            r.enable(Bracketed.class);
            r.start();
            for (int i = 0; i < 20; i++) {
                Bracketed e = new Bracketed();
                e.nanoBefore = System.nanoTime();
                e.begin();
                e.nanoAfter = System.nanoTime();
                e.commit();
                Thread.sleep(1);
            }
            r.stop();
            r.dump(file);
        }
        TickClock clock = TickClock.fromRecording(file);
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        int checked = 0;
        for (RecordedEvent e : events) {
            if (!e.getEventType().getName().equals("offcpu.test.Bracketed")) {
                continue;
            }
            long before = e.getLong("nanoBefore");
            long after = e.getLong("nanoAfter");
            long jvmEpoch = JvmRecordingFixture.epochNanos(e.getStartTime());
            // begin() took the ticks between the two nanoTime reads; allow 2 µs for calibration.
            assertTrue(
                    clock.epochNanosAt(before) - 2_000 <= jvmEpoch && jvmEpoch <= clock.epochNanosAt(after) + 2_000,
                    "JVM start " + jvmEpoch + " outside [" + clock.epochNanosAt(before) + ", "
                            + clock.epochNanosAt(after) + "] ± 2 µs; " + clock);
            checked++;
        }
        assertEquals(20, checked);
    }

    @Test
    void calibrationInProcessAgreesWithTheJvmsRecording() throws Exception {
        Path file = dir.resolve("any.jfr");
        try (Recording r = new Recording()) {
            r.start();
            r.stop();
            r.dump(file);
        }
        TickClock fromFile = TickClock.fromRecording(file);
        TickClock calibrated = TickClock.calibrate();
        long now = System.nanoTime();
        assertEquals(fromFile.ticksAt(now), calibrated.ticksAt(now), 2_000, fromFile + " vs " + calibrated);
        assertEquals(fromFile.ticksPerSecond(), calibrated.ticksPerSecond());
    }

    @Test
    void nonNanosecondTicksScaleAndRoundTrip() {
        // A TSC-like clock: 2.5 GHz, anchor at tick 1e12 = epoch 1.7e18 ns; wall clock = monotonic + 1e18.
        TickClock c = TickClock.of(
                1_000_000_000_000L, 1_700_000_000_000_000_000L, 2_500_000_000L, 1_000_000_000_000_000_000L);
        long mono = 700_000_000_000_000_000L + 2_000_000L; // 2 ms after the anchor
        assertEquals(1_000_000_000_000L + 5_000_000L, c.ticksAt(mono));
        assertEquals(2_500, c.ticksFor(1_000));
        assertEquals(c.epochNanosAt(mono), c.epochNanosAtTicks(c.ticksAt(mono)));
    }

    @Test
    void monotonicTicksAreNanoTimeAndReadBackAsWallClock() {
        TickClock c = TickClock.monotonic();
        long now = System.nanoTime();
        assertEquals(now, c.ticksAt(now));
        assertEquals(1_000_000_000L, c.ticksPerSecond());
        assertEquals(c.epochNanosAt(now), c.epochNanosAtTicks(c.ticksAt(now)));
        long wall = JvmRecordingFixture.epochNanos(java.time.Instant.now());
        assertEquals(wall, c.epochNanosAt(System.nanoTime()), 50_000_000L, "wall clock within 50 ms");
    }
}
