package io.offcpu.samples;

import java.util.concurrent.locks.LockSupport;

/**
 * Blocks at the bottom of a recursion 1–24 calls deep that mixes direct and mutual recursion. Between
 * blocks it recurses without blocking, so {@link #descend} and {@link #descendViaOdd} get hot, C2 compiles
 * them and inlines some recursive calls into each other.
 */
final class RecursionWorkload {
    static final String THREAD_NAME = "fidelity-recursion";
    private static final int MAX_DEPTH = 24;
    private static final int WARM_CALLS_PER_BLOCK = 40;
    private final StackTruthRecorder truths;
    private int round;
    private long sink;

    RecursionWorkload(StackTruthRecorder truths) {
        this.truths = truths;
    }

    void blockOnce() {
        for (int i = 0; i < WARM_CALLS_PER_BLOCK; i++) {
            sink += descend(1 + i % MAX_DEPTH, false);
        }
        sink += descend(1 + round++ % MAX_DEPTH, true);
    }

    private int descend(int depth, boolean block) {
        if (depth == 0) {
            return block ? parkAtBottom() : 1;
        }
        return depth % 3 == 0 ? descendViaOdd(depth - 1, block) + 1 : descend(depth - 1, block) + 2;
    }

    private int descendViaOdd(int depth, boolean block) {
        return descend(depth, block) * 3;
    }

    private int parkAtBottom() {
        // spotless:off (one line: the truth and the wait share a line number)
        truths.capture(Thread.currentThread().getStackTrace()); LockSupport.parkNanos(FidelitySample.PARK_NANOS); truths.returned();
        // spotless:on
        return 0;
    }
}
