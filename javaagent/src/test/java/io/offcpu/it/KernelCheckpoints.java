package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel's own accounting of each TotalsSample worker, read by the sample from
 * {@code /proc/self/task/<tid>/schedstat} and {@code status} while the worker was blocked at the
 * window's begin and end checkpoints.
 */
final class KernelCheckpoints {
    private static final Pattern LINE = Pattern.compile(
            "^offcpu-sample checkpoint=(begin|end) thread=(\\S+) tid=(\\d+) "
                    + "pausedAtNanos=(\\d+) readAtNanos=(\\d+) onCpuNanos=(\\d+) runQueueNanos=(\\d+) voluntary=(\\d+)"
                    + " involuntary=(\\d+) irqAndStealTicks=(\\d+)$",
            Pattern.MULTILINE);

    /** /proc/stat's unit (USER_HZ, 100 on every architecture Linux runs Java on). */
    private static final long NANOS_PER_TICK = 10_000_000;

    /**
     * One reading: schedstat fields 1 and 2 and the status switch counts, read once the worker had blocked;
     * the worker's clock just before it blocked, and the reader's clock just after it read them; the machine's
     * irq, softirq and steal ticks at that time.
     */
    record Reading(
            String thread,
            long tid,
            long pausedAtNanos,
            long readAtNanos,
            long onCpuNanos,
            long runQueueNanos,
            long voluntary,
            long involuntary,
            long irqAndStealTicks) {}

    /** A worker's readings at both edges. */
    record Window(Reading begin, Reading end) {
        long onCpuNanos() {
            return end.onCpuNanos() - begin.onCpuNanos();
        }

        long runQueueNanos() {
            return end.runQueueNanos() - begin.runQueueNanos();
        }

        long voluntary() {
            return end.voluntary() - begin.voluntary();
        }

        long involuntary() {
            return end.involuntary() - begin.involuntary();
        }

        /**
         * The most CPU time the scheduler may have left out of the worker's schedstat: the whole machine's
         * interrupt and steal time in the window, and a tick more for the two readings' rounding.
         */
        long unchargedNanos() {
            return (end.irqAndStealTicks() - begin.irqAndStealTicks() + 1) * NANOS_PER_TICK;
        }

        /**
         * The shortest the window between the switch-outs at the two checkpoints can be by the sample's clock:
         * each switch-out came after its worker read the clock and before the reader read its values.
         */
        long shortestNanos() {
            return end.pausedAtNanos() - begin.readAtNanos();
        }

        /** The longest it can be. */
        long longestNanos() {
            return end.readAtNanos() - begin.pausedAtNanos();
        }
    }

    private KernelCheckpoints() {}

    static Map<Long, Window> parse(String stdout) {
        Map<Long, Reading> begins = new HashMap<>();
        Map<Long, Window> windows = new HashMap<>();
        Matcher m = LINE.matcher(stdout);
        while (m.find()) {
            Reading r = new Reading(
                    m.group(2),
                    Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4)),
                    Long.parseLong(m.group(5)),
                    Long.parseLong(m.group(6)),
                    Long.parseLong(m.group(7)),
                    Long.parseLong(m.group(8)),
                    Long.parseLong(m.group(9)),
                    Long.parseLong(m.group(10)));
            if (m.group(1).equals("begin")) {
                begins.put(r.tid(), r);
            } else if (begins.containsKey(r.tid())) {
                windows.put(r.tid(), new Window(begins.get(r.tid()), r));
            }
        }
        if (windows.isEmpty()) {
            fail("the sample printed no begin/end checkpoint pairs; stdout was:\n" + stdout);
        }
        return windows;
    }
}
