package io.offcpu.jni;

/**
 * One stretch of a thread off the CPU, as the kernel side recorded it (see bpf/offcpu.h).
 * Times are CLOCK_MONOTONIC nanoseconds, the base of {@link System#nanoTime()}.
 *
 * @param syscallNumber the syscall the thread blocked in, or -1 when it was not in one
 * @param weightNanos off-CPU time this record stands for: the duration, or the sampling period
 *     for a shorter episode chosen by duration-weighted sampling
 * @param wakeupId the {@link Wakeup} holding the waker's stack, 0 when none was taken
 * @param state kernel state at switch-out: 0 runnable (preempted), 1 sleeping (S), 2 disk (D)
 * @param wakerTid the task that woke this one, 0 when none did (preempted, timer expiry seen as
 *     the idle task, or a wakeup before tracing began)
 * @param kernelStack return addresses, innermost first
 * @param userStack return addresses, innermost first
 * @param interpretedFrames the user frames that ran in the interpreter, with their Method*
 */
public record Episode(
        long startNanos,
        long durationNanos,
        long runQueueNanos,
        long syscallNumber,
        long weightNanos,
        long wakeupId,
        int tid,
        int tgid,
        int wakerTid,
        int wakerTgid,
        String wakerName,
        int state,
        int cpuOut,
        int cpuIn,
        int flags,
        long[] kernelStack,
        long[] userStack,
        InterpretedFrame[] interpretedFrames) {

    /** A frame of HotSpot's interpreter: index into userStack, Method*, bytecode pointer. */
    public record InterpretedFrame(int frameIndex, long method, long bytecodePointer) {}

    /** Whether any of {@code flag} (KernelContract.FLAG_*) is set. */
    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public boolean stackTruncated() {
        return has(KernelContract.FLAG_KERNEL_STACK_TRUNCATED | KernelContract.FLAG_USER_STACK_TRUNCATED);
    }
}
