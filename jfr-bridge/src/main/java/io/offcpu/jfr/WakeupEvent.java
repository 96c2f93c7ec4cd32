package io.offcpu.jfr;

import java.util.List;
import java.util.Objects;

/**
 * Where a thread was when it woke another one, written as an {@code offcpu.Wakeup} JFR event whose
 * eventThread is the waker and whose stack trace is the waker's; the woken episode
 * ({@code offcpu.OffCpu}) has the same {@code wakeupId}.
 *
 * @param timeNanos  the wakeup (sched_waking), CLOCK_MONOTONIC ns
 * @param waker      the thread that did the wakeup
 * @param stack      the waker's stack, top frame first
 * @param woken      the thread it woke
 * @param wakeupId   the link to the woken episode
 * @param cpu        the CPU the waker ran on
 */
public record WakeupEvent(
        long timeNanos,
        ThreadRef waker,
        List<Frame> stack,
        boolean stackTruncated,
        ThreadRef woken,
        long wakeupId,
        int cpu) {
    public WakeupEvent {
        Objects.requireNonNull(waker, "waker");
        Objects.requireNonNull(woken, "woken");
        stack = stack == null ? List.of() : List.copyOf(stack);
    }
}
