package io.offcpu.samples;

import java.time.Duration;
import java.util.function.IntUnaryOperator;

/**
 * Lambdas that block both interpreted and JIT-compiled, so a recording names the same hidden classes
 * through both of the agent's sources (VMStructs for interpreted frames, the JIT code map for compiled
 * ones). {@code offcpu-lambda-hot} calls {@link #HOT} in a loop long enough to get it compiled, and every
 * {@link #CALLS_PER_SLEEP} calls the lambda sleeps {@link #SLEEP} inside itself; {@code offcpu-lambda-cold}
 * runs a lambda once, whose frame stays interpreted while it sleeps again and again. The sleeps are longer
 * than the 20 ms threshold of {@code jdk.ThreadSleep} in JFR's default settings, so the JVM's own events
 * carry the same lambdas.
 */
public final class LambdaSample implements Sample {
    public static final String HOT_THREAD_NAME = "offcpu-lambda-hot";
    public static final String COLD_THREAD_NAME = "offcpu-lambda-cold";
    static final Duration SLEEP = Duration.ofMillis(25);
    static final int CALLS_PER_SLEEP = 200_000;

    private static final IntUnaryOperator HOT = value -> {
        if (value % CALLS_PER_SLEEP == 0) {
            sleepQuietly();
        }
        return value * 31 + 7;
    };

    public static void main(String[] args) {
        SampleRunner.main(args, "LambdaSample", Duration.ofSeconds(10), new LambdaSample());
    }

    @Override
    public void start(SampleRunner runner) {
        runner.startLoop(HOT_THREAD_NAME, () -> callHotLambda(runner));
        Runnable once = () -> sleepUntilDeadline(runner);
        runner.startHelper(COLD_THREAD_NAME, once::run);
    }

    private static void callHotLambda(SampleRunner runner) {
        int sink = 0;
        for (int i = 1; i <= CALLS_PER_SLEEP && !runner.deadlineReached(); i++) {
            sink += HOT.applyAsInt(i);
        }
        if (sink == 42) {
            System.out.println("unlikely");
        }
    }

    private static void sleepUntilDeadline(SampleRunner runner) {
        while (!runner.deadlineReached()) {
            sleepQuietly();
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(SLEEP.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
