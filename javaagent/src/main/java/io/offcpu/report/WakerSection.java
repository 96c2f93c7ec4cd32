package io.offcpu.report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * "Who woke them": the selected episodes by what ended them, the waker with the most off-CPU time ended
 * first, each with the threads it woke. Under the first few wakers that have stacks, where they were when
 * they woke the others (a monitor released, a lock unlocked, a queue fed), by the time those wakeups ended;
 * these rows add up to their waker's row, as the waker rows add up to the total.
 */
final class WakerSection {
    static final String TITLE = "Who woke them";
    /** Wakers whose stacks are listed: the top few, which is where waiting is worth explaining. */
    static final int WAKERS_WITH_STACKS = 3;
    /** Stacks listed per waker; the others are summed in one row. */
    static final int STACKS_PER_WAKER = 3;
    /** Woken threads named per waker. */
    static final int WOKEN_NAMED = 3;

    private WakerSection() {}

    static void print(PrintWriter out, List<BlockedInterval> intervals, long total, int top) {
        Map<String, List<BlockedInterval>> byWaker = groupBy(intervals, ReportWaker::who);
        List<ReportTable.Row> wakers = ReportTable.tally(intervals, ReportWaker::who);
        List<ReportTable.Row> rows = new ArrayList<>();
        int withStacks = 0;
        for (ReportTable.Row waker : wakers.subList(0, Math.min(top, wakers.size()))) {
            List<BlockedInterval> ended = byWaker.get(waker.label());
            rows.add(new ReportTable.Row(waker.label() + whom(waker.label(), ended), waker.nanos(), waker.events()));
            if (withStacks < WAKERS_WITH_STACKS
                    && ended.stream().anyMatch(i -> !i.waker().frames().isEmpty())) {
                rows.addAll(stackRows(ended, wokeOne(ended)));
                withStacks++;
            }
        }
        ReportTable.print(out, ReportTable.heading(TITLE, top, wakers.size()), rows, total);
        if (!intervals.isEmpty()) {
            notes(out, intervals, rows);
        }
    }

    /** Why some events have no waker stack, and what the bracketed rows mean when they are shown. */
    private static void notes(PrintWriter out, List<BlockedInterval> intervals, List<ReportTable.Row> rows) {
        long byThread =
                intervals.stream().filter(i -> i.waker().thread() != null).count();
        long withStack =
                intervals.stream().filter(i -> !i.waker().frames().isEmpty()).count();
        out.printf(
                Locale.ROOT,
                "%sWaker stacks (offcpu.Wakeup) for %,d of the %,d events a thread ended: taken only "
                        + "when the woken thread had been off the CPU for the sampling period (or threshold) already, and only in"
                        + " this JVM.%n",
                ReportTable.INDENT,
                withStack,
                byThread);
        List<String> legend = new ArrayList<>();
        if (rows.stream().anyMatch(r -> r.label().startsWith(ReportWaker.TIMER_OR_INTERRUPT))) {
            legend.add(ReportWaker.TIMER_OR_INTERRUPT + ": no thread woke it, a timer or an interrupt did");
        }
        if (rows.stream()
                .anyMatch(r ->
                        r.label().startsWith(ReportWaker.TIMER) || r.label().startsWith(ReportWaker.INTERRUPT))) {
            legend.add(ReportWaker.TIMER + ", " + ReportWaker.INTERRUPT
                    + ": no thread woke it, that kind of kernel handler did (a timeout; a device, I/O or network "
                    + "completion)");
        }
        if (rows.stream().anyMatch(r -> r.label().startsWith(ReportWaker.PREEMPTED))) {
            legend.add(ReportWaker.PREEMPTED + ": it stayed runnable and ran again when a CPU was free");
        }
        if (!legend.isEmpty()) {
            out.println(ReportTable.INDENT + String.join("; ", legend) + ".");
        }
    }

    private static Map<String, List<BlockedInterval>> groupBy(
            List<BlockedInterval> intervals, Function<BlockedInterval, String> key) {
        Map<String, List<BlockedInterval>> groups = new LinkedHashMap<>();
        for (BlockedInterval i : intervals) {
            groups.computeIfAbsent(key.apply(i), k -> new ArrayList<>()).add(i);
        }
        return groups;
    }

    private static String stackOf(BlockedInterval ended) {
        return ended.waker().frames().isEmpty()
                ? ReportWaker.NO_STACK
                : "at " + StackLabel.waker(ended.waker().frames());
    }

    /** " woke a (tid 1), b (tid 2) and 3 more threads"; preempted threads were not woken. */
    private static String whom(String waker, List<BlockedInterval> ended) {
        List<ReportTable.Row> woken = ReportTable.tally(ended, i -> i.thread().label());
        StringBuilder text =
                new StringBuilder(waker.equals(ReportWaker.PREEMPTED) ? " (runnable, no wakeup): " : " woke ");
        int named = Math.min(WOKEN_NAMED, woken.size());
        for (int i = 0; i < named; i++) {
            text.append(i == 0 ? "" : i == woken.size() - 1 ? " and " : ", ")
                    .append(woken.get(i).label());
        }
        if (woken.size() > named) {
            int more = woken.size() - named;
            text.append(" and ").append(more).append(more == 1 ? " more thread" : " more threads");
        }
        return text.toString();
    }

    private static boolean wokeOne(List<BlockedInterval> ended) {
        return ended.stream().mapToLong(i -> i.thread().osThreadId()).distinct().count() == 1;
    }

    /**
     * The waker's stacks, most time first, indented under it; the rest in one row. A waker that woke several
     * threads may have woken each from another place, so then each stack says whom it woke.
     */
    private static List<ReportTable.Row> stackRows(List<BlockedInterval> ended, boolean wokeOne) {
        Map<String, List<BlockedInterval>> byStack = groupBy(ended, WakerSection::stackOf);
        List<ReportTable.Row> stacks = ReportTable.tally(ended, WakerSection::stackOf);
        List<ReportTable.Row> rows = new ArrayList<>();
        for (ReportTable.Row stack : stacks.subList(0, Math.min(STACKS_PER_WAKER, stacks.size()))) {
            String label = wokeOne
                    ? stack.label()
                    : whom("", byStack.get(stack.label())).strip() + " " + stack.label();
            rows.add(new ReportTable.Row(ReportTable.indented(label), stack.nanos(), stack.events()));
        }
        if (stacks.size() > STACKS_PER_WAKER) {
            List<ReportTable.Row> rest = stacks.subList(STACKS_PER_WAKER, stacks.size());
            rows.add(new ReportTable.Row(
                    ReportTable.indented("(" + rest.size() + " more stacks)"),
                    rest.stream().mapToLong(ReportTable.Row::nanos).sum(),
                    rest.stream().mapToLong(ReportTable.Row::events).sum()));
        }
        return rows;
    }
}
