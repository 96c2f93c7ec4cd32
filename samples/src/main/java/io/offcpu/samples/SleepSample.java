package io.offcpu.samples;

import java.time.Duration;

/** One thread sleeping 50 ms at a time in {@link #sleepFiftyMillis()}. */
public final class SleepSample implements Sample {
    public static final String THREAD_NAME = "offcpu-sleeper";
    public static final String BLOCKING_METHOD = "sleepFiftyMillis";
    public static final Duration BLOCK = Duration.ofMillis(50);

    public static void main(String[] args) {
        SampleRunner.main(args, "SleepSample", Duration.ofSeconds(10), new SleepSample());
    }

    @Override
    public void start(SampleRunner runner) {
        runner.startLoop(THREAD_NAME, this::sleepFiftyMillis);
    }

    void sleepFiftyMillis() throws InterruptedException {
        Thread.sleep(BLOCK.toMillis());
    }
}
