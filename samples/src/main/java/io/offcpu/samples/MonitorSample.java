package io.offcpu.samples;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Two threads and one monitor: the holder keeps it ~30 ms (sleeping inside), the waiter blocks entering it
 * in {@link #enterContendedMonitor()}. The semaphores make every round contended in the same order
 * (monitors are not fair: without them the holder could re-take the lock before the waiter gets it).
 *
 * <p>HotSpot before JDK 24 may park the first waiter with timeouts of 1, 8, 64 ms (ObjectMonitor's
 * "responsible" thread), so one 30 ms wait can show up as several off-CPU episodes.
 */
public final class MonitorSample implements Sample {
    public static final String HOLDER_THREAD_NAME = "offcpu-monitor-holder";
    public static final String WAITER_THREAD_NAME = "offcpu-monitor-waiter";
    public static final String HOLDER_METHOD = "holdMonitorThirtyMillis";
    public static final String BLOCKING_METHOD = "enterContendedMonitor";
    public static final Duration HOLD = Duration.ofMillis(30);
    /** How long one thread waits for the other's turn before it assumes the other has stopped. */
    private static final long TURN_TIMEOUT_MILLIS = 500;

    private final Object lock = new Object();
    private final Semaphore holderInside = new Semaphore(0);
    private final Semaphore waiterInside = new Semaphore(0);
    private long entries;

    public static void main(String[] args) {
        SampleRunner.main(args, "MonitorSample", Duration.ofSeconds(10), new MonitorSample());
    }

    @Override
    public void start(SampleRunner runner) {
        runner.startLoop(HOLDER_THREAD_NAME, this::holdMonitorThirtyMillis);
        runner.startLoop(WAITER_THREAD_NAME, this::waitForHolderThenEnter);
    }

    void holdMonitorThirtyMillis() throws InterruptedException {
        synchronized (lock) {
            holderInside.release();
            Thread.sleep(HOLD.toMillis());
        }
        // Let the waiter have its turn before taking the monitor again.
        waiterInside.tryAcquire(TURN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void waitForHolderThenEnter() throws InterruptedException {
        if (holderInside.tryAcquire(TURN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            enterContendedMonitor();
        }
    }

    void enterContendedMonitor() {
        synchronized (lock) {
            entries++;
            waiterInside.release();
        }
    }
}
