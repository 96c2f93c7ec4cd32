package io.offcpu.bench.jvm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one line format a benchmark child prints its figures in, for the harness to parse:
 * {@code offcpu-bench [<kind>] key=value key=value ...}, values without spaces.
 */
public record ResultLine(String kind, Map<String, String> values) {
    public static final String PREFIX = "offcpu-bench ";

    public static String format(String kind, Map<String, ?> values) {
        StringBuilder line = new StringBuilder(PREFIX).append(kind);
        values.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        return line.toString();
    }

    /** The line's figures, or empty when it is not a result line (the child's other output). */
    public static Optional<ResultLine> parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String kind = "";
        Map<String, String> values = new LinkedHashMap<>();
        for (String word : line.substring(PREFIX.length()).trim().split("\\s+")) {
            int equals = word.indexOf('=');
            if (equals < 0) {
                kind = kind.isEmpty() ? word : kind + " " + word;
            } else {
                values.put(word.substring(0, equals), word.substring(equals + 1));
            }
        }
        return Optional.of(new ResultLine(kind, values));
    }

    public double number(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("result line '" + kind + "' has no " + key + "=: " + values);
        }
        return Double.parseDouble(value);
    }
}
