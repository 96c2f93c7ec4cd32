package io.offcpu.jfr;

import java.util.List;

/** Threads and stacks shaped like what the agent produces for a thread parked in LockSupport.park. */
final class SampleEvents {
    static final ThreadRef WORKER = new ThreadRef(4242, "worker-1", 17, "worker-1");
    static final ThreadRef OTHER_WORKER = new ThreadRef(4343, "worker-2", 18, "worker-2 (renamed in Java)");
    static final ThreadRef KWORKER = ThreadRef.nativeThread(77, "kworker/0:1");
    static final ThreadRef WAKER = new ThreadRef(4444, "producer", 19, "producer-thread");

    static final List<Frame> PARK_STACK = List.of(
            Frame.symbol("kernel", "schedule", FrameType.KERNEL),
            Frame.symbol("kernel", "futex_wait_queue", FrameType.KERNEL),
            Frame.symbol("libc.so.6", "__futex_abstimed_wait_common64", FrameType.NATIVE),
            Frame.symbol("libjvm.so", "Parker::park", FrameType.CPP),
            new Frame("jdk/internal/misc/Unsafe", "park", "(ZJ)V", FrameType.NATIVE, -1, -1),
            new Frame(
                    "java/util/concurrent/locks/LockSupport",
                    "park",
                    "(Ljava/lang/Object;)V",
                    FrameType.INLINED,
                    211,
                    14),
            new Frame("io/offcpu/demo/Queue", "take", "()Ljava/lang/Object;", FrameType.JIT_COMPILED, 88, 30),
            new Frame("io/offcpu/demo/Worker", "run", "()V", FrameType.INTERPRETED, 42, 7));

    static final List<Frame> SLEEP_STACK = List.of(
            Frame.symbol("kernel", "schedule", FrameType.KERNEL),
            Frame.symbol("kernel", "do_nanosleep", FrameType.KERNEL),
            Frame.symbol("libc.so.6", "clock_nanosleep", FrameType.NATIVE),
            new Frame("java/lang/Thread", "sleep", "(J)V", FrameType.NATIVE, -1, -1),
            new Frame("io/offcpu/demo/Worker", "pause", "()V", FrameType.JIT_COMPILED, 51, 3));

    static OffCpuEvent park(long startNanos, long durationNanos) {
        return new OffCpuEvent(
                startNanos, durationNanos, WORKER, PARK_STACK, false, "S", "futex", 12_345, WAKER, 1, durationNanos);
    }

    private SampleEvents() {}
}
