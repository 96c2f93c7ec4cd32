package io.offcpu.report;

import io.offcpu.agent.Durations;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * The time values of {@code report}'s options: durations ({@code --min 1ms}) and points in the recording
 * ({@code --from 5s}, {@code --to 10:04:05}, {@code --from 2026-11-25T10:04:05}).
 */
public final class ReportTimes {
    static final String POINT_FORMS = "a duration since the recording started (5s, 1500ms, 2m), a clock time "
            + "(10:04:05 or 10:04:05.250, local time on the recording's day), or an ISO date-time "
            + "(2026-11-25T10:04:05, 2026-11-25T10:04:05Z, 2026-11-25T10:04:05+01:00)";

    private ReportTimes() {}

    /** A point in a recording as the user wrote it; resolved once the recording's start is known. */
    public sealed interface Point permits SinceStart, ClockTime, Absolute, LocalDateTimePoint {
        /** ns since the epoch, given when the recording started. */
        long resolveEpochNanos(long recordingStartEpochNanos, ZoneId zone);
    }

    public record SinceStart(long nanos) implements Point {
        @Override
        public long resolveEpochNanos(long recordingStartEpochNanos, ZoneId zone) {
            return recordingStartEpochNanos + nanos;
        }
    }

    /**
     * A local clock time, on the day the recording started; on the next day when that is more than 12 hours
     * before the start (a recording from 23:59 to 00:05 and {@code --to 00:01}).
     */
    public record ClockTime(LocalTime time) implements Point {
        @Override
        public long resolveEpochNanos(long recordingStartEpochNanos, ZoneId zone) {
            Instant start = Instant.ofEpochSecond(0, recordingStartEpochNanos);
            LocalDate day = LocalDate.ofInstant(start, zone);
            Instant at = ZonedDateTime.of(day, time, zone).toInstant();
            if (at.isBefore(start.minusSeconds(12 * 3600))) {
                at = ZonedDateTime.of(day.plusDays(1), time, zone).toInstant();
            }
            return epochNanos(at);
        }
    }

    public record Absolute(Instant instant) implements Point {
        @Override
        public long resolveEpochNanos(long recordingStartEpochNanos, ZoneId zone) {
            return epochNanos(instant);
        }
    }

    /** Parses {@code --from}/{@code --to}; a bare date-time without offset is local and resolved later. */
    public static Point parsePoint(String text) {
        String t = text.trim();
        if (Durations.isDuration(t)) {
            return new SinceStart(Durations.parseNanos(null, t));
        }
        try {
            if (t.contains("T")) {
                if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:\\d\\d$")) {
                    return new Absolute(OffsetDateTime.parse(t).toInstant());
                }
                return new LocalDateTimePoint(LocalDateTime.parse(t));
            }
            return new ClockTime(LocalTime.parse(t));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time: use " + POINT_FORMS);
        }
    }

    private static long epochNanos(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    }

    /** A date-time without offset, in the local zone. */
    public record LocalDateTimePoint(LocalDateTime dateTime) implements Point {
        @Override
        public long resolveEpochNanos(long recordingStartEpochNanos, ZoneId zone) {
            return epochNanos(dateTime.atZone(zone).toInstant());
        }
    }
}
