package io.offcpu.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReportTimesTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void resolvesPointsAgainstTheRecordingStart() {
        long start = nanos(Instant.parse("2026-11-25T09:03:00Z")); // 10:03 in Berlin
        assertEquals(start + 5_000_000_000L, ReportTimes.parsePoint("5s").resolveEpochNanos(start, BERLIN));
        assertEquals(
                nanos(Instant.parse("2026-11-25T09:04:05Z")),
                ReportTimes.parsePoint("10:04:05").resolveEpochNanos(start, BERLIN));
        assertEquals(
                nanos(Instant.parse("2026-11-25T09:04:05.250Z")),
                ReportTimes.parsePoint("10:04:05.250").resolveEpochNanos(start, BERLIN));
        assertEquals(
                nanos(Instant.parse("2026-11-25T09:04:05Z")),
                ReportTimes.parsePoint("2026-11-25T10:04:05").resolveEpochNanos(start, BERLIN));
        assertEquals(
                nanos(Instant.parse("2026-11-25T10:04:05Z")),
                ReportTimes.parsePoint("2026-11-25T10:04:05Z").resolveEpochNanos(start, BERLIN));
        assertEquals(
                nanos(Instant.parse("2026-11-25T09:04:05Z")),
                ReportTimes.parsePoint("2026-11-25T10:04:05+01:00").resolveEpochNanos(start, BERLIN));
        // A minute before the start is that day (the window simply begins at the start) ...
        assertEquals(
                nanos(Instant.parse("2026-11-25T09:02:00Z")),
                ReportTimes.parsePoint("10:02").resolveEpochNanos(start, BERLIN));
    }

    @Test
    void aClockTimeLongBeforeTheStartIsTheNextDay() {
        long start = nanos(Instant.parse("2026-11-25T23:59:00Z"));
        assertEquals(
                nanos(Instant.parse("2026-11-26T00:01:00Z")),
                ReportTimes.parsePoint("00:01").resolveEpochNanos(start, ZoneId.of("UTC")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "25:00", "10:04:05 PM", "2026-13-01T00:00:00", "5"})
    void rejectsWhatIsNotATime(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReportTimes.parsePoint(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("10:04:05"), e.getMessage());
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
