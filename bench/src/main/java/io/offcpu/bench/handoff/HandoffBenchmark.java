package io.offcpu.bench.handoff;

import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * The worst case for a scheduler tracer: two threads pass a token back and forth with
 * {@code LockSupport.park/unpark}, so every hand-off is a sleep and a wake-up (pinned to one CPU, a context
 * switch each). Prints one line, {@code offcpu-bench handoffsPerSecond=<n> ...}, that the harness parses,
 * with the JVM's uptime when the measured part began (the warm-up counts from main(), so an agent that holds
 * main() back shifts it; the uptime says where the measurement really was).
 *
 * <p>Arguments: measured seconds (default 5), warm-up seconds (default 2).
 */
public final class HandoffBenchmark {
    public static final String RESULT_PREFIX = "offcpu-bench handoffsPerSecond=";

    private final Thread[] players = new Thread[2];
    /** Which player holds the token; the holder is the only writer of {@link #handoffs}. */
    private volatile int holder;

    private volatile long handoffs;
    private volatile boolean running = true;
    private long measuredFromUptimeMs;

    public static void main(String[] args) throws InterruptedException {
        double seconds = args.length > 0 ? parseSeconds(args[0]) : 5;
        double warmupSeconds = args.length > 1 ? parseSeconds(args[1]) : 2;
        HandoffBenchmark benchmark = new HandoffBenchmark();
        double perSecond = benchmark.run(warmupSeconds, seconds);
        System.out.printf(
                "%s%.1f seconds=%.1f warmupSeconds=%.1f measuredFromUptimeSeconds=%.1f%n",
                RESULT_PREFIX, perSecond, seconds, warmupSeconds, benchmark.measuredFromUptimeMs / 1000.0);
    }

    static double parseSeconds(String text) {
        try {
            double seconds = Double.parseDouble(text);
            if (seconds >= 0) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("bad number of seconds '" + text + "': expected a number >= 0, e.g. 5");
    }

    /** Runs the hand-off for the warm-up, then measures; returns hand-offs per second of the measured part. */
    public double run(double warmupSeconds, double seconds) throws InterruptedException {
        var runtime = ManagementFactory.getRuntimeMXBean(); // loaded before the measured part, not in it
        for (int i = 0; i < 2; i++) {
            int me = i;
            players[i] = new Thread(() -> play(me), "offcpu-bench-player-" + i);
        }
        for (Thread player : players) {
            player.start();
        }
        sleepSeconds(warmupSeconds);
        long startCount = handoffs;
        long startNanos = System.nanoTime();
        measuredFromUptimeMs = runtime.getUptime();
        sleepSeconds(seconds);
        long count = handoffs - startCount;
        long elapsedNanos = System.nanoTime() - startNanos;
        running = false;
        for (Thread player : players) {
            LockSupport.unpark(player);
        }
        for (Thread player : players) {
            player.join();
        }
        return count / (elapsedNanos / 1e9);
    }

    /** Hand-offs so far (warm-up included); for tests that compare it with the kernel's switch counts. */
    long handoffsSoFar() {
        return handoffs;
    }

    private void play(int me) {
        Thread other = players[1 - me];
        while (running) {
            if (holder != me) {
                LockSupport.park(this);
                continue;
            }
            handoffs = handoffs + 1; // only the holder writes
            holder = 1 - me;
            LockSupport.unpark(other);
        }
    }

    private static void sleepSeconds(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }
}
