package io.offcpu.agent;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one reader of durations, for every agent option and command-line option alike: a number with a unit
 * ({@code 250us}, {@code 1.5s}, {@code 10 ms}, {@code 1h}; units in any case) or a bare {@code 0}. A fraction is
 * fine when it makes whole nanoseconds.
 */
public final class Durations {
    /** The units, as every error names them. */
    public static final String UNITS = "ns, us, ms, s, m or h";

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s|m|h)");

    private Durations() {}

    /** Whether {@code text} is a duration {@link #parseNanos} takes. */
    public static boolean isDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return t.equals("0") || DURATION.matcher(t).matches();
    }

    /**
     * Nanoseconds of {@code text}.
     *
     * @param option the option it is the value of, named in the error; null when the caller names it
     * @throws OptionException such as "bad duration '5x' for --duration: use a number with ns, us, ms, s, m or h"
     */
    public static long parseNanos(String option, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return 0;
        }
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            throw bad(option, text, "use a number with " + UNITS);
        }
        long unitNanos = switch (m.group(2)) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
        try {
            return new BigDecimal(m.group(1))
                    .multiply(BigDecimal.valueOf(unitNanos))
                    .longValueExact();
        } catch (ArithmeticException e) {
            throw bad(option, text, "use a whole number of nanoseconds that fits in 64 bits, with " + UNITS);
        }
    }

    private static OptionException bad(String option, String text, String advice) {
        return new OptionException(
                "bad duration '" + text + "'" + (option == null ? "" : " for " + option) + ": " + advice);
    }

    /** {@code nanos} in the largest unit that keeps it whole: {@code 2s}, {@code 250us}, {@code 0ns}. */
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
