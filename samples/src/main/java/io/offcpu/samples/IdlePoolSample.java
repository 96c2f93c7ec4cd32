package io.offcpu.samples;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Thread pools that mostly wait for work while two of their workers contend a lock: the idle waits
 * (a fixed pool's workers in {@code LinkedBlockingQueue.take}, a cached pool's in
 * {@code SynchronousQueue.poll}, both from {@code ThreadPoolExecutor.getTask}; a scheduler's in
 * {@code DelayedWorkQueue.take}; a fork-join worker in {@code ForkJoinPool.awaitWork}) must not be
 * mistaken for the contention ({@code offcpu-pool-contender} in {@link #enterContendedLock()}).
 *
 * <p>The scheduler hands each pool a no-op task every {@link #TICK}, so the idle workers wake now and
 * then and every idle wait ends in a recorded episode. Each pool thread prints its tid like the
 * runner's threads; the fixed pool's two long tasks rename their workers
 * {@code offcpu-pool-holder} and {@code offcpu-pool-contender} before they start.
 */
public final class IdlePoolSample implements Sample {
    public static final String FIXED_WORKER_PREFIX = "offcpu-pool-worker-";
    public static final String CACHED_WORKER_PREFIX = "offcpu-cached-worker-";
    public static final String SCHEDULER_PREFIX = "offcpu-scheduler-";
    public static final String FORK_JOIN_THREAD_NAME = "offcpu-forkjoin-worker";
    public static final String HOLDER_THREAD_NAME = "offcpu-pool-holder";
    public static final String CONTENDER_THREAD_NAME = "offcpu-pool-contender";
    public static final String BLOCKING_METHOD = "enterContendedLock";
    /** The fixed pool: the holder, the contender and two workers with nothing to do but ticks. */
    public static final int FIXED_POOL_SIZE = 4;

    private static final Duration TICK = Duration.ofMillis(20);
    private static final Duration HOLD = Duration.ofMillis(30);
    private static final long TURN_TIMEOUT_MILLIS = 500;

    private final ReentrantLock lock = new ReentrantLock();
    private final Semaphore holderInside = new Semaphore(0);
    private final Semaphore contenderInside = new Semaphore(0);

    public static void main(String[] args) {
        SampleRunner.main(args, "IdlePoolSample", Duration.ofSeconds(10), new IdlePoolSample());
    }

    @Override
    public void start(SampleRunner runner) {
        runner.startHelper("offcpu-pool-driver", () -> drivePools(runner));
    }

    private void drivePools(SampleRunner runner) throws InterruptedException {
        ThreadPoolExecutor fixed = new ThreadPoolExecutor(
                FIXED_POOL_SIZE,
                FIXED_POOL_SIZE,
                0,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                reportingFactory(FIXED_WORKER_PREFIX));
        ExecutorService cached = Executors.newCachedThreadPool(reportingFactory(CACHED_WORKER_PREFIX));
        ScheduledExecutorService scheduler = new ScheduledThreadPoolExecutor(1, reportingFactory(SCHEDULER_PREFIX));
        ForkJoinPool forkJoin = new ForkJoinPool(
                1,
                pool -> {
                    var worker = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                    worker.setName(FORK_JOIN_THREAD_NAME);
                    return worker;
                },
                null,
                false);
        fixed.execute(() -> runAs(HOLDER_THREAD_NAME, runner, this::holdLockThirtyMillis));
        fixed.execute(() -> runAs(CONTENDER_THREAD_NAME, runner, this::waitForHolderThenEnter));
        Runnable nothing = () -> {};
        scheduler.scheduleAtFixedRate(
                () -> {
                    fixed.execute(nothing);
                    cached.execute(nothing);
                    forkJoin.execute(IdlePoolSample::reportOnce);
                },
                0,
                TICK.toMillis(),
                TimeUnit.MILLISECONDS);
        while (!runner.deadlineReached()) {
            Thread.sleep(50);
        }
        scheduler.shutdownNow();
        for (ExecutorService pool : new ExecutorService[] {scheduler, fixed, cached, forkJoin}) {
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Names the worker for the long task it runs and reports it, then repeats {@code call} until the deadline. */
    private static void runAs(String name, SampleRunner runner, BlockingCall call) {
        Thread.currentThread().setName(name);
        reportThread(name);
        try {
            while (!runner.deadlineReached()) {
                call.blockOnce();
            }
        } catch (Exception e) {
            throw new IllegalStateException(name + " failed", e);
        }
    }

    private void holdLockThirtyMillis() throws InterruptedException {
        lock.lock();
        try {
            holderInside.release();
            Thread.sleep(HOLD.toMillis());
        } finally {
            lock.unlock();
        }
        contenderInside.tryAcquire(TURN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void waitForHolderThenEnter() throws InterruptedException {
        if (holderInside.tryAcquire(TURN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            enterContendedLock();
        }
    }

    void enterContendedLock() {
        lock.lock();
        try {
            contenderInside.release();
        } finally {
            lock.unlock();
        }
    }

    private static final ThreadLocal<Boolean> REPORTED = ThreadLocal.withInitial(() -> false);

    /** The fork-join worker is made by the pool, so it reports itself at its first task. */
    private static void reportOnce() {
        if (!REPORTED.get()) {
            REPORTED.set(true);
            reportThread(Thread.currentThread().getName());
        }
    }

    private static ThreadFactory reportingFactory(String prefix) {
        AtomicInteger next = new AtomicInteger(1);
        return task -> {
            String name = prefix + next.getAndIncrement();
            Thread thread = new Thread(
                    () -> {
                        reportThread(name);
                        task.run();
                    },
                    name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void reportThread(String name) {
        System.out.println(SampleRunner.LINE_PREFIX + "thread=" + name + " tid=" + KernelThreadId.current());
    }
}
