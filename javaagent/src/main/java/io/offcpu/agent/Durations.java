package io.offcpu.agent;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations such as {@code 0}, {@code 250us}, {@code 1ms}, {@code 1.5s}, {@code 2m}. */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|ms|s|m)?");

    private Durations() {}

    public static long parseNanos(String option, String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || (m.group(2) == null && Double.parseDouble(m.group(1)) != 0)) {
            throw new OptionException("bad value '" + text + "' for " + option
                    + ": expected a duration such as 0, 500us, 1ms, 2s or 1m");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "ns" : m.group(2);
        double nanos = switch (unit) {
            case "ns" -> value;
            case "us" -> value * 1e3;
            case "ms" -> value * 1e6;
            case "s" -> value * 1e9;
            default -> value * 60e9;
        };
        return Math.round(nanos);
    }

    public static String format(long nanos) {
        if (nanos % 1_000_000_000L == 0 && nanos != 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0 && nanos != 0) {
            return nanos / 1_000_000L + "ms";
        }
        if (nanos % 1_000L == 0 && nanos != 0) {
            return nanos / 1_000L + "us";
        }
        return nanos + "ns";
    }
}
