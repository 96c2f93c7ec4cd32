package io.offcpu.agent;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * {@link Instant#toString()}'s text ({@code 2026-12-07T21:54:32.123Z}) without java.time.format: the agent
 * writes its start time into a system property as it starts, and Instant.toString's first use builds
 * DateTimeFormatter.ISO_INSTANT, ~60 classes that the JDK's shared archive does not hold (~10 ms of the
 * application's start-up CPU). LocalDateTime and ZoneOffset are in the archive.
 */
final class IsoInstant {
    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: four-digit years, which ISO_INSTANT writes as they are. */
    private static final long FIRST_SECOND_OF_YEAR_0 = -62_167_219_200L;

    private static final long LAST_SECOND_OF_YEAR_9999 = 253_402_300_799L;

    private IsoInstant() {}

    static String format(Instant instant) {
        long second = instant.getEpochSecond();
        if (second < FIRST_SECOND_OF_YEAR_0 || second > LAST_SECOND_OF_YEAR_9999) {
            return instant.toString(); // ISO_INSTANT signs and widens such years
        }
        LocalDateTime utc = LocalDateTime.ofEpochSecond(second, instant.getNano(), ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(30);
        digits(text, utc.getYear(), 4).append('-');
        digits(text, utc.getMonthValue(), 2).append('-');
        digits(text, utc.getDayOfMonth(), 2).append('T');
        digits(text, utc.getHour(), 2).append(':');
        digits(text, utc.getMinute(), 2).append(':');
        digits(text, utc.getSecond(), 2);
        // ISO_INSTANT writes the fraction in as few groups of three digits as hold it, none for 0.
        int nano = utc.getNano();
        if (nano > 0) {
            text.append('.');
            if (nano % 1_000_000 == 0) {
                digits(text, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                digits(text, nano / 1_000, 6);
            } else {
                digits(text, nano, 9);
            }
        }
        return text.append('Z').toString();
    }

    /** value (not negative) with leading zeros to width digits. */
    private static StringBuilder digits(StringBuilder text, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            text.append('0');
        }
        return text.append(s);
    }
}
