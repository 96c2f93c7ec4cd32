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
                    + "pausedAtNanos=(\\d+) onCpuNanos=(\\d+) runQueueNanos=(\\d+) voluntary=(\\d+) involuntary=(\\d+)$",
            Pattern.MULTILINE);

    /** One reading: schedstat fields 1 and 2, status switch counts, and when the worker went to block. */
    record Reading(
            String thread,
            long tid,
            long pausedAtNanos,
            long onCpuNanos,
            long runQueueNanos,
            long voluntary,
            long involuntary) {}

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

        /** The window as the sample's own clock saw it: from blocking at the begin to blocking at the end. */
        long sampleClockNanos() {
            return end.pausedAtNanos() - begin.pausedAtNanos();
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
                    Long.parseLong(m.group(8)));
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
