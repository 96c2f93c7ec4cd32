package io.offcpu.agent;

import io.offcpu.jni.Episode;

/**
 * What ended an episode's wait, for the {@code wokenBy} field: a thread (named in {@code waker}), or a
 * timer or an interrupt handler (hardirq, softirq, IPI, irq_work), which the kernel side names "[timer]"
 * or "[irq]" with no waker task; nothing when the thread was preempted and stayed runnable.
 */
final class WokenBy {
    static final String THREAD = "thread";
    static final String TIMER = "timer";
    static final String INTERRUPT = "interrupt";

    private WokenBy() {}

    static String of(Episode e) {
        if (e.wakerTid() != 0) {
            return THREAD;
        }
        return switch (e.wakerName()) {
            case "[timer]" -> TIMER;
            case "[irq]" -> INTERRUPT;
            default -> "";
        };
    }
}
