package io.offcpu.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Threads that live through a whole measured window, for comparing a profiler's per-thread totals with
 * the kernel's own accounting ({@code /proc/<pid>/task/<tid>/schedstat} and {@code status}).
 *
 * <p>Three spinners on a two-CPU machine (preemption, run-queue waits), a thread sleeping 1 ms at a time
 * (many short voluntary switches) and two threads handing a token back and forth with park/unpark (very
 * many switches, all far below any threshold). The window is bounded by two <em>checkpoints</em>: every
 * worker blocks, and while all are blocked the main thread reads each one's schedstat and status and
 * prints them; the workers stay blocked for {@link #HOLD} more, so a profiler reading its totals once a
 * second reads them inside that same blocked stretch. Because a blocked thread accrues neither CPU time
 * nor run-queue time nor switches, the kernel's values read during the stretch are its values at the
 * switch-out that began it; the profiler's totals at that switch-out are its reading minus the time the
 * stretch had lasted. Lines:
 * <pre>
 * offcpu-sample checkpoint=begin thread=offcpu-totals-spin-0 tid=4251 pausedAtNanos=... readAtNanos=...
 *     onCpuNanos=... runQueueNanos=... voluntary=... involuntary=... irqAndStealTicks=...
 * </pre>
 * {@code pausedAtNanos} is the worker's {@code System.nanoTime()} just before it blocked, {@code readAtNanos}
 * the main thread's once it read the values of the blocked worker: the switch-out that began the blocked
 * stretch lies between the two. {@code irqAndStealTicks} is the machine's interrupt, softirq and steal time
 * so far ({@code /proc/stat}, in USER_HZ ticks): time the scheduler does not charge to the thread that was
 * running, so a thread's CPU time (schedstat) falls short of its time on a CPU by at most its growth.
 */
public final class TotalsSample {
    public static final String SPIN_THREAD_PREFIX = "offcpu-totals-spin-";
    public static final String SLEEP_THREAD_NAME = "offcpu-totals-sleep";
    public static final String HANDOFF_THREAD_PREFIX = "offcpu-totals-handoff-";
    public static final int SPINNERS = 3;
    /** How long the workers stay blocked at a checkpoint after their kernel values were read. */
    public static final Duration HOLD = Duration.ofMillis(2500);
    /** How long the main thread waits, once all workers arrived, before it reads their values. */
    private static final Duration SETTLE = Duration.ofMillis(300);

    private static final String PREFIX = SampleRunner.LINE_PREFIX;

    private final Checkpoint begin = new Checkpoint("begin");
    private final Checkpoint end = new Checkpoint("end");
    private final List<Worker> workers = new ArrayList<>();
    private volatile boolean windowOver;

    public static void main(String[] args) throws Exception {
        Duration window = SampleDuration.fromArgs(args, Duration.ofSeconds(4));
        AgentStart.awaitRecording();
        new TotalsSample().run(window);
    }

    private void run(Duration window) throws Exception {
        System.out.println(PREFIX + "start sample=TotalsSample pid="
                + ProcessHandle.current().pid() + " durationMillis=" + window.toMillis());
        for (int i = 0; i < SPINNERS; i++) {
            workers.add(new Worker(SPIN_THREAD_PREFIX + i, this::spin));
        }
        workers.add(new Worker(SLEEP_THREAD_NAME, this::sleepOneMilli));
        Object[] token = {null};
        Worker[] pair = new Worker[2];
        pair[0] = new Worker(HANDOFF_THREAD_PREFIX + "a", () -> handOff(pair, 0, token));
        pair[1] = new Worker(HANDOFF_THREAD_PREFIX + "b", () -> handOff(pair, 1, token));
        workers.add(pair[0]);
        workers.add(pair[1]);
        for (Worker w : workers) {
            w.thread.start();
        }
        for (Worker w : workers) {
            w.started.await();
        }
        System.out.println(PREFIX + "ready");
        begin.hold(workers);
        Thread.sleep(window.toMillis());
        windowOver = true;
        LockSupport.unpark(pair[0].thread);
        LockSupport.unpark(pair[1].thread);
        end.hold(workers);
        for (Worker w : workers) {
            w.thread.join();
        }
        System.out.println(PREFIX + "finished");
    }

    private void spin() {
        long x = 0;
        while (!windowOver) {
            x += System.nanoTime() & 7;
        }
        if (x == 42) {
            System.out.print("");
        }
    }

    private void sleepOneMilli() throws InterruptedException {
        while (!windowOver) {
            Thread.sleep(1);
        }
    }

    /** Two threads pass a token: each parks until the other hands it over. */
    private void handOff(Worker[] pair, int me, Object[] token) {
        Worker other = pair[1 - me];
        if (me == 0) {
            token[0] = pair[0];
        }
        while (!windowOver) {
            if (token[0] == pair[me]) {
                token[0] = other;
                LockSupport.unpark(other.thread);
            }
            LockSupport.park(this);
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    private final class Worker {
        final String name;
        final Thread thread;
        final CountDownLatch started = new CountDownLatch(1);
        volatile long tid;
        volatile long pausedAtNanos;

        Worker(String name, Work work) {
            this.name = name;
            this.thread = new Thread(
                    () -> {
                        tid = KernelThreadId.current();
                        System.out.println(PREFIX + "thread=" + name + " tid=" + tid);
                        started.countDown();
                        try {
                            begin.arrive(this);
                            work.run();
                            end.arrive(this);
                        } catch (Exception e) {
                            e.printStackTrace();
                            System.exit(1);
                        }
                    },
                    name);
            thread.setDaemon(true);
        }
    }

    /** All workers block here; the main thread reads their kernel values, holds them, then releases them. */
    private final class Checkpoint {
        final String name;
        final CountDownLatch arrived = new CountDownLatch(3 + SPINNERS);
        final CountDownLatch release = new CountDownLatch(1);

        Checkpoint(String name) {
            this.name = name;
        }

        void arrive(Worker w) throws InterruptedException {
            w.pausedAtNanos = System.nanoTime();
            arrived.countDown();
            release.await();
        }

        void hold(List<Worker> all) throws Exception {
            if (!arrived.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("workers did not reach checkpoint " + name + " within 30 s");
            }
            Thread.sleep(SETTLE.toMillis());
            for (Worker w : all) {
                awaitAsleep(w);
            }
            for (Worker w : all) {
                String values = kernelValues(w.tid);
                long readAt = System.nanoTime();
                System.out.println(PREFIX + "checkpoint=" + name + " thread=" + w.name + " tid=" + w.tid
                        + " pausedAtNanos=" + w.pausedAtNanos + " readAtNanos=" + readAt + " " + values);
            }
            Thread.sleep(HOLD.toMillis());
            release.countDown();
        }
    }

    /**
     * Waits until the kernel has the worker asleep (state S in its stat): it counted down before it blocked, and
     * on a loaded machine may wait for a CPU in between longer than the settle time.
     */
    private static void awaitAsleep(Worker w) throws IOException, InterruptedException {
        Path stat = Path.of("/proc/self/task", Long.toString(w.tid), "stat");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            String text = Files.readString(stat);
            // The state follows the command name, which is in parentheses and may hold spaces.
            if (text.charAt(text.lastIndexOf(')') + 2) == 'S') {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(w.name + " did not block within 30 s: " + text);
            }
            Thread.sleep(1);
        }
    }

    /** schedstat fields 1 and 2, and the switch counts of status, for one thread of this process. */
    static String kernelValues(long tid) throws IOException {
        Path task = Path.of("/proc/self/task", Long.toString(tid));
        String[] schedstat = Files.readString(task.resolve("schedstat")).trim().split(" ");
        String voluntary = null;
        String involuntary = null;
        for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
                voluntary = line.substring(line.indexOf(':') + 1).trim();
            } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                involuntary = line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "onCpuNanos=" + schedstat[0] + " runQueueNanos=" + schedstat[1] + " voluntary=" + voluntary
                + " involuntary=" + involuntary + " irqAndStealTicks=" + irqAndStealTicks();
    }

    /** The irq, softirq and steal columns of /proc/stat's all-CPU line: the 6th, 7th and 8th numbers. */
    private static long irqAndStealTicks() throws IOException {
        String all = Files.readAllLines(Path.of("/proc/stat")).get(0);
        String[] columns = all.trim().split("\\s+");
        return Long.parseLong(columns[6]) + Long.parseLong(columns[7]) + Long.parseLong(columns[8]);
    }
}
