package io.offcpu.jni;

/**
 * The waker's stacks at the moment it woke a thread whose episode carries a stack (struct
 * offcpu_wakeup); the woken episode has the same {@code wakeupId}.
 *
 * @param timeNanos sched_waking, CLOCK_MONOTONIC ns
 * @param kernelStack return addresses, innermost first
 * @param userStack return addresses, innermost first
 */
public record Wakeup(
        long timeNanos,
        long wakeupId,
        int wakerTid,
        int wakerTgid,
        int wokenTid,
        int cpu,
        int flags,
        long[] kernelStack,
        long[] userStack,
        Episode.InterpretedFrame[] interpretedFrames) {

    public boolean stackTruncated() {
        return (flags & (KernelContract.FLAG_KERNEL_STACK_TRUNCATED | KernelContract.FLAG_USER_STACK_TRUNCATED)) != 0;
    }
}
