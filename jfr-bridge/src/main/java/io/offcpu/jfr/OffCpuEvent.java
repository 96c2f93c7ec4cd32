package io.offcpu.jfr;

import java.util.List;
import java.util.Objects;

/**
 * One off-CPU episode of one thread, ready to be written as an {@code offcpu.OffCpu} JFR event.
 *
 * @param startNanos           switch-out time, CLOCK_MONOTONIC ns (same base as {@code System.nanoTime()}
 *                             and {@code bpf_ktime_get_ns()})
 * @param durationNanos        switch-out to switch-in
 * @param thread               the thread that was off the CPU
 * @param stack                top frame first; may be empty
 * @param stackTruncated       whether frames were cut off (depth cap, failed unwinding)
 * @param state                kernel state at switch-out, e.g. "S", "D", "R" (preempted)
 * @param syscall              the system call the thread blocked in, or "" / null when none
 * @param runQueueLatencyNanos wakeup to switch-in
 * @param waker                the thread that woke it, null when unknown or preempted
 * @param cpu                  CPU it left (switched out on)
 * @param weightNanos          off-CPU time this event stands for (>= duration when episodes are sampled)
 * @param reason               why: one of preempted, lock, idle, sleep, network, disk-io, page-fault, other
 * @param reasonDetail         a finer description within the reason ("java monitor", "park", "fsync")
 * @param cpuIn                CPU it switched in on
 * @param wakeupId             links the {@code offcpu.Wakeup} event that carries the waker's stack; 0 = none
 * @param wokenBy              what ended the wait: "thread" (see waker), "timer" or "interrupt" (any handler);
 *                             "" when nothing did (preempted: it stayed runnable) or it is not known
 */
public record OffCpuEvent(
        long startNanos,
        long durationNanos,
        ThreadRef thread,
        List<Frame> stack,
        boolean stackTruncated,
        String state,
        String syscall,
        long runQueueLatencyNanos,
        ThreadRef waker,
        int cpu,
        long weightNanos,
        String reason,
        String reasonDetail,
        int cpuIn,
        long wakeupId,
        String wokenBy) {
    /** An episode without reason, CPU after or wakeup link (tests of the writer). */
    public OffCpuEvent(
            long startNanos,
            long durationNanos,
            ThreadRef thread,
            List<Frame> stack,
            boolean stackTruncated,
            String state,
            String syscall,
            long runQueueLatencyNanos,
            ThreadRef waker,
            int cpu,
            long weightNanos) {
        this(
                startNanos,
                durationNanos,
                thread,
                stack,
                stackTruncated,
                state,
                syscall,
                runQueueLatencyNanos,
                waker,
                cpu,
                weightNanos,
                "",
                "",
                cpu,
                0,
                "");
    }

    public OffCpuEvent {
        Objects.requireNonNull(thread, "thread");
        reason = reason == null ? "" : reason;
        reasonDetail = reasonDetail == null ? "" : reasonDetail;
        wokenBy = wokenBy == null ? "" : wokenBy;
        stack = stack == null ? List.of() : List.copyOf(stack);
        if (durationNanos < 0 || runQueueLatencyNanos < 0 || weightNanos < 0) {
            throw new IllegalArgumentException("durationNanos, runQueueLatencyNanos and weightNanos must be >= 0, were "
                    + durationNanos + ", " + runQueueLatencyNanos + ", " + weightNanos);
        }
    }
}
