package io.offcpu.samples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs samples' threads until a deadline and reports on stdout what tests need to find them in a
 * recording. Lines (one each, in this order per thread; other threads' lines interleave):
 * <pre>
 * offcpu-sample start sample=SleepSample pid=4242 durationMillis=10000
 * offcpu-sample thread=offcpu-sleeper tid=4251
 * offcpu-sample ready
 * offcpu-sample done thread=offcpu-sleeper blocks=199 blockedMicros=9961234 maxBlockMicros=50321
 * offcpu-sample finished
 * </pre>
 * {@code blocks} counts calls of the blocking method and {@code blockedMicros} is their summed wall time,
 * measured around each call: the time a profiler should find that thread blocked in that method.
 */
public final class SampleRunner {
    public static final String LINE_PREFIX = "offcpu-sample ";
    /** How long after the deadline a thread may take to notice it before the run counts as hung. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Duration duration;
    private final long deadlineNanos;
    private final List<Thread> threads = new ArrayList<>();
    private final List<CountDownLatch> started = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    public SampleRunner(String sampleName, Duration duration) {
        this.duration = duration;
        this.deadlineNanos = System.nanoTime() + duration.toNanos();
        report("start sample=" + sampleName + " pid=" + ProcessHandle.current().pid() + " durationMillis="
                + duration.toMillis());
    }

    /** Runs {@code samples} for the duration in the first argument (default {@code fallback}), then exits. */
    public static void main(String[] args, String sampleName, Duration fallback, Sample... samples) {
        AgentStart.awaitRecording();
        SampleRunner runner = new SampleRunner(sampleName, SampleDuration.fromArgs(args, fallback));
        try {
            for (Sample sample : samples) {
                sample.start(runner);
            }
        } catch (Exception e) {
            runner.failure.compareAndSet(null, e);
        }
        System.exit(runner.awaitFinished());
    }

    public boolean deadlineReached() {
        return System.nanoTime() - deadlineNanos >= 0;
    }

    /** Starts a thread that repeats {@code call} until the deadline, timing every call. */
    public void startLoop(String threadName, BlockingCall call) {
        startLoop(threadName, call, Duration.ZERO, () -> {});
    }

    /**
     * Like {@link #startLoop(String, BlockingCall)}, sleeping {@code pauseBetweenCalls} (untimed) after each
     * call; the thread closes {@code afterLastCall} when it stops.
     */
    public void startLoop(
            String threadName, BlockingCall call, Duration pauseBetweenCalls, AutoCloseable afterLastCall) {
        start(threadName, () -> {
            long blocks = 0;
            long blockedNanos = 0;
            long maxBlockNanos = 0;
            try (afterLastCall) {
                while (!deadlineReached()) {
                    long before = System.nanoTime();
                    call.blockOnce();
                    long took = System.nanoTime() - before;
                    blocks++;
                    blockedNanos += took;
                    maxBlockNanos = Math.max(maxBlockNanos, took);
                    if (!pauseBetweenCalls.isZero()) {
                        Thread.sleep(pauseBetweenCalls.toMillis());
                    }
                }
            }
            report("done thread=" + threadName + " blocks=" + blocks + " blockedMicros=" + blockedNanos / 1000
                    + " maxBlockMicros=" + maxBlockNanos / 1000);
        });
    }

    /** Starts a thread that runs {@code body} once; the body decides itself when to stop (e.g. at EOF). */
    public void startHelper(String threadName, BlockingCall body) {
        start(threadName, () -> {
            body.blockOnce();
            report("done thread=" + threadName);
        });
    }

    private void start(String threadName, BlockingCall body) {
        CountDownLatch tidReported = new CountDownLatch(1);
        Thread thread = new Thread(
                () -> {
                    report("thread=" + threadName + " tid=" + KernelThreadId.current());
                    tidReported.countDown();
                    try {
                        body.blockOnce();
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                },
                threadName);
        // Daemon, so a hung thread cannot keep the JVM (and the agent's recording) from ending.
        thread.setDaemon(true);
        threads.add(thread);
        started.add(tidReported);
        thread.start();
    }

    /** Waits for every thread; returns the exit status: 0, 1 when a thread failed, 2 when one hung. */
    int awaitFinished() {
        try {
            for (CountDownLatch latch : started) {
                latch.await();
            }
            report("ready");
            long waitUntilNanos = deadlineNanos + STOP_GRACE.toNanos();
            for (Thread thread : threads) {
                long leftNanos = waitUntilNanos - System.nanoTime();
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNanos)));
                if (thread.isAlive()) {
                    System.err.println("offcpu-sample: thread " + thread.getName() + " still runs "
                            + STOP_GRACE.toSeconds() + " s after the " + duration.toMillis() + " ms run ended");
                    return 2;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, e);
        }
        Throwable failed = failure.get();
        if (failed != null) {
            System.err.println("offcpu-sample: a sample failed");
            failed.printStackTrace();
            return 1;
        }
        report("finished");
        return 0;
    }

    private static void report(String line) {
        System.out.println(LINE_PREFIX + line);
    }
}
