package io.offcpu.report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The tables of the text report: a heading, then a row per key with its time (sum of weights), its share
 * of the report's total, its event count and its label; labels of several lines continue under the label
 * column.
 */
final class ReportTable {
    static final String INDENT = "  ";

    /**
     * @param label  what the row is about; may span lines
     * @param nanos  the sum of the weights of its events
     * @param events how many events it sums
     */
    record Row(String label, long nanos, long events) {}

    private ReportTable() {}

    /** A row per distinct key, the most time first (ties by label, so the order is stable). */
    static List<Row> tally(List<BlockedInterval> intervals, Function<BlockedInterval, String> key) {
        Map<String, long[]> byKey = new LinkedHashMap<>();
        for (BlockedInterval i : intervals) {
            long[] sums = byKey.computeIfAbsent(key.apply(i), k -> new long[2]);
            sums[0] += i.weightNanos();
            sums[1]++;
        }
        List<Row> rows = new ArrayList<>(byKey.size());
        byKey.forEach((label, sums) -> rows.add(new Row(label, sums[0], sums[1])));
        rows.sort(Comparator.comparingLong(Row::nanos).reversed().thenComparing(Row::label));
        return rows;
    }

    /** "By thread:" or, when rows are left out, "By thread: (top 10 of 16)". */
    static String heading(String title, int shown, int all) {
        return title + ":" + (all > shown ? " (top " + shown + " of " + all + ")" : "");
    }

    /** Prints a blank line, the heading and the rows; "(none)" when there are no rows. */
    static void print(PrintWriter out, String heading, List<Row> rows, long total) {
        out.println();
        out.println(heading);
        int timeWidth = rows.stream()
                .mapToInt(r -> TextSummary.millis(r.nanos()).length())
                .max()
                .orElse(0);
        String lead = INDENT + " ".repeat(timeWidth) + "  " + " ".repeat(6) + "  " + " ".repeat(9) + "  ";
        for (Row row : rows) {
            out.printf(
                    Locale.ROOT,
                    "%s%" + timeWidth + "s  %5.1f%%  %,9d  %s%n",
                    INDENT,
                    TextSummary.millis(row.nanos()),
                    TextSummary.share(row.nanos(), total),
                    row.events(),
                    row.label().replace("\n", "\n" + lead));
        }
        if (rows.isEmpty()) {
            out.println(INDENT + "(none)");
        }
    }

    /** A label shown under another row's, indented by two more columns on every line. */
    static String indented(String label) {
        return INDENT + label.replace("\n", "\n" + INDENT);
    }
}
