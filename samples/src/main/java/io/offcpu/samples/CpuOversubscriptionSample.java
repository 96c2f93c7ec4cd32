package io.offcpu.samples;

import java.time.Duration;

/**
 * More runnable threads than CPUs: twice as many threads as {@code availableProcessors()} compute without
 * ever blocking, in {@link #spinOnCpu(long)}. Each is off the CPU because the scheduler preempted it to give
 * another its turn, and waits in the run queue for the whole of every such episode; only the JVM stops it
 * otherwise (safepoints; rarely a JVM lock, such as the compile queue's when its loop overflows a counter).
 */
public final class CpuOversubscriptionSample implements Sample {
    public static final String THREAD_PREFIX = "offcpu-spinner-";
    public static final String BLOCKING_METHOD = "spinOnCpu";
    /** Steps of the xorshift generator per call: a few milliseconds of CPU. */
    static final int STEPS_PER_CALL = 2_000_000;

    private final int threads;

    public CpuOversubscriptionSample(int threads) {
        this.threads = threads;
    }

    /** Twice as many spinning threads as this JVM may use CPUs. */
    public static CpuOversubscriptionSample twicePerCpu() {
        return new CpuOversubscriptionSample(2 * Runtime.getRuntime().availableProcessors());
    }

    public static String threadName(int index) {
        return THREAD_PREFIX + index;
    }

    public static void main(String[] args) {
        SampleRunner.main(args, "CpuOversubscriptionSample", Duration.ofSeconds(10), twicePerCpu());
    }

    @Override
    public void start(SampleRunner runner) {
        for (int i = 0; i < threads; i++) {
            runner.startLoop(threadName(i), new Spinner(i + 1));
        }
    }

    /** Runs {@value #STEPS_PER_CALL} steps of a xorshift generator and returns its new state. */
    static long spinOnCpu(long state) {
        long x = state;
        for (int i = 0; i < STEPS_PER_CALL; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    /**
     * One thread's generator state, kept so the JIT cannot drop the loop; one per thread, because threads
     * sharing it would also wait on each other's cache line.
     */
    private static final class Spinner implements BlockingCall {
        private long state;

        Spinner(long seed) {
            state = seed;
        }

        @Override
        public void blockOnce() {
            state = spinOnCpu(state);
        }
    }
}
