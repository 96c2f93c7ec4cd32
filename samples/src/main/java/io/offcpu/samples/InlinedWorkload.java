package io.offcpu.samples;

/**
 * Blocks in {@code Object.wait} at the end of a chain of tiny methods that run ~1,000 times between blocks,
 * so C2 compiles {@link #blockOnce} with {@code level1}…{@code waitIfAsked} inlined into it: their frames
 * exist only in the compiled method's debug information.
 */
final class InlinedWorkload {
    static final String THREAD_NAME = "fidelity-inlined";
    private static final int WARM_CALLS_PER_BLOCK = 1_000;
    private final StackTruthRecorder truths;
    private final Object lock = new Object();
    private int round;
    private long sink;

    InlinedWorkload(StackTruthRecorder truths) {
        this.truths = truths;
    }

    void blockOnce() throws InterruptedException {
        long sum = 0;
        for (int i = 0; i < WARM_CALLS_PER_BLOCK; i++) {
            sum += level1(i, false);
        }
        sink += sum + level1(round++, true);
    }

    private int level1(int x, boolean block) throws InterruptedException {
        return level2(x + 1, block) * 3;
    }

    private int level2(int x, boolean block) throws InterruptedException {
        return level3(x ^ 5, block) + 1;
    }

    private int level3(int x, boolean block) throws InterruptedException {
        return waitIfAsked(x, block) - 2;
    }

    private int waitIfAsked(int x, boolean block) throws InterruptedException {
        if (block) {
            waitThreeMillis();
        }
        return x * 7;
    }

    private void waitThreeMillis() throws InterruptedException {
        synchronized (lock) {
            // spotless:off (one line: the truth and the wait share a line number)
            truths.capture(Thread.currentThread().getStackTrace()); lock.wait(FidelitySample.SLEEP_MILLIS); truths.returned();
            // spotless:on
        }
    }
}
