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

    public static final int KERNEL_STACK_TRUNCATED = 1;
    public static final int USER_STACK_TRUNCATED = 1 << 1;
    public static final int NO_USER_STACK = 1 << 2;
    public static final int MERGED = 1 << 3;
    public static final int KERNEL_STACK_FAILED = 1 << 4;
    public static final int USER_STACK_FAILED = 1 << 5;
    public static final int IN_SYSCALL = 1 << 6;
    public static final int SAMPLED = 1 << 7;

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public boolean stackTruncated() {
        return has(KERNEL_STACK_TRUNCATED | USER_STACK_TRUNCATED);
    }
}
