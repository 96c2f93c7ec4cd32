package io.offcpu.samples;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the run length every sample takes as its first argument: {@code 500ms}, {@code 10s}, {@code 2m}. */
public final class SampleDuration {
    private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m)");

    private SampleDuration() {}

    public static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("bad duration '" + text
                    + "': expected a whole number followed by ms, s or m (e.g. 500ms, 10s, 2m)");
        }
        long amount = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms":
                return Duration.ofMillis(amount);
            case "s":
                return Duration.ofSeconds(amount);
            default:
                return Duration.ofMinutes(amount);
        }
    }

    /** The first program argument, or {@code fallback} when there is none. */
    public static Duration fromArgs(String[] args, Duration fallback) {
        return args.length == 0 ? fallback : parse(args[0]);
    }
}
