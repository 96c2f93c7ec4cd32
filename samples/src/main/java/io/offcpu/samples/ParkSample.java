package io.offcpu.samples;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** One thread parking 20 ms at a time (nobody unparks it) in {@link #parkTwentyMillis()}. */
public final class ParkSample implements Sample {
    public static final String THREAD_NAME = "offcpu-parker";
    public static final String BLOCKING_METHOD = "parkTwentyMillis";
    public static final Duration BLOCK = Duration.ofMillis(20);

    public static void main(String[] args) {
        SampleRunner.main(args, "ParkSample", Duration.ofSeconds(10), new ParkSample());
    }

    @Override
    public void start(SampleRunner runner) {
        runner.startLoop(THREAD_NAME, this::parkTwentyMillis);
    }

    void parkTwentyMillis() {
        // parkNanos may return early (spuriously); park again for what is left so each call blocks 20 ms.
        long deadline = System.nanoTime() + BLOCK.toNanos();
        for (long left = BLOCK.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
        }
    }
}
