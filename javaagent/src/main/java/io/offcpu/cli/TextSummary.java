package io.offcpu.cli;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The text report: total off-CPU time, by kernel state and syscall, by thread, top stacks. */
final class TextSummary {
    private static final int TOP_JAVA_FRAMES = 6;

    private TextSummary() {}

    static void print(List<BlockedInterval> intervals, int top, PrintStream out) {
        long total = intervals.stream().mapToLong(BlockedInterval::weightNanos).sum();
        out.printf("Off-CPU time: %s in %,d events%n", millis(total), intervals.size());
        section(out, "By state and syscall", intervals, i -> i.state() + (i.syscall().isEmpty() ? "" : " in " + i.syscall()), total, top);
        section(out, "By thread", intervals, i -> i.thread() + " (tid " + i.osThreadId() + ")", total, top);
        section(out, "Top blocked stacks", intervals, TextSummary::stackKey, total, top);
    }

    private static void section(PrintStream out, String title, List<BlockedInterval> intervals,
            Function<BlockedInterval, String> key, long total, int top) {
        out.println();
        out.println(title + ":");
        Map<String, Long> byKey = intervals.stream().collect(
                Collectors.groupingBy(key, LinkedHashMap::new, Collectors.summingLong(BlockedInterval::weightNanos)));
        byKey.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(top)
                .forEach(e -> out.printf("  %10s %5.1f%%  %s%n", millis(e.getValue()),
                        total == 0 ? 0.0 : 100.0 * e.getValue() / total, e.getKey().replace("\n", "\n" + " ".repeat(21))));
    }

    /** The innermost Java frames (where the application waited) and the innermost frame overall. */
    private static String stackKey(BlockedInterval interval) {
        List<BlockedInterval.NamedFrame> frames = interval.frames();
        if (frames.isEmpty()) {
            return "(no stack)";
        }
        StringBuilder key = new StringBuilder(frames.get(frames.size() - 1).name());
        int shown = 0;
        for (int i = frames.size() - 1; i >= 0 && shown < TOP_JAVA_FRAMES; i--) {
            BlockedInterval.NamedFrame f = frames.get(i);
            if (isJava(f.type())) {
                key.append("\n<- ").append(f.name());
                shown++;
            }
        }
        return key.toString();
    }

    private static boolean isJava(String type) {
        return type.equals("Interpreted") || type.equals("JIT compiled") || type.equals("Inlined");
    }

    private static String millis(long nanos) {
        return String.format("%,.1f ms", nanos / 1e6);
    }
}
