package io.offcpu.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Collectors;

/** Checks of the report's text tables, for the report's own tests and the command's. */
public final class ReportAssertions {
    private ReportAssertions() {}

    /** A row of a section: time, share, events, label. */
    public static void assertRow(String out, String section, String label, long weightNanos, int events) {
        int start = out.indexOf(section + ":");
        assertTrue(start >= 0, () -> "no section " + section + " in\n" + out);
        int end = out.indexOf("\n\n", start);
        String body = out.substring(start, end < 0 ? out.length() : end);
        Map<String, String> rows = body.lines()
                .skip(1)
                .map(l -> l.trim().split("\\s{2,}", 4))
                .filter(cols -> cols.length == 4)
                .collect(Collectors.toMap(cols -> cols[3], cols -> cols[0] + "|" + cols[2], (a, b) -> a));
        assertEquals(
                ms(weightNanos) + " ms|" + events, rows.get(label), () -> section + " row " + label + " in\n" + body);
    }

    public static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%,.1f", nanos / 1e6);
    }
}
