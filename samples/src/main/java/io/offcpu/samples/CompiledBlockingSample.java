package io.offcpu.samples;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread blocking in a method the JIT compiled first: {@link #blockFor(long)} runs
 * {@value #WARMUP_CALLS} times without blocking (so C1/C2 compile it) before the thread starts
 * parking 5 ms at a time in it. For attach tests: the method's code exists before offcpu arrives.
 */
public final class CompiledBlockingSample implements Sample {
    public static final String THREAD_NAME = "offcpu-compiled-blocker";
    public static final String BLOCKING_METHOD = "blockFor";
    public static final Duration BLOCK = Duration.ofMillis(5);
    static final int WARMUP_CALLS = 200_000;

    public static void main(String[] args) {
        SampleRunner.main(args, "CompiledBlockingSample", Duration.ofSeconds(30), new CompiledBlockingSample());
    }

    @Override
    public void start(SampleRunner runner) {
        for (int i = 0; i < WARMUP_CALLS; i++) {
            blockFor(0);
        }
        runner.startLoop(THREAD_NAME, () -> blockFor(BLOCK.toNanos()));
    }

    /** Parks for {@code nanos} (not at all for 0); hot enough to be compiled before any block. */
    static void blockFor(long nanos) {
        if (nanos > 0) {
            LockSupport.parkNanos(nanos);
        }
    }
}
