package io.offcpu.agent;

import io.offcpu.jfr.ThreadStatistics;
import java.util.Arrays;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

/**
 * Publishes the latest per-thread totals as {@link ThreadStatisticsEvent}s whenever JFR asks (once a
 * second in any recording that enables the event). The consumer thread reads the kernel totals and
 * hands them over here; JFR's periodic thread only copies them, so it never touches the BPF session.
 */
final class ThreadStatisticsPublisher {
    private final Runnable hook = this::emit;
    /**
     * Registers the event once JFR runs in this JVM (at once if it does already). Registering an event
     * initializes JFR's Java side, ~0.4 s and 8 MB in a JVM without JFR: too much to pay for an event
     * that only a recording can ask for.
     */
    private final FlightRecorderListener whenJfrStarts = new FlightRecorderListener() {
        @Override
        public void recorderInitialized(FlightRecorder recorder) {
            registerEvent();
        }
    };

    /** The latest reading, {@code latest[0..latestCount)}; the objects are reused by the next one (under this lock). */
    private ThreadStatistics[] latest = new ThreadStatistics[0];

    private int latestCount;
    private boolean listening;
    private boolean registered;

    synchronized void register() {
        listening = true; // addListener calls back at once, on this thread, when JFR runs already
        try {
            FlightRecorder.addListener(whenJfrStarts);
        } catch (RuntimeException | Error e) {
            listening = false;
            reportUnavailable(e);
        }
    }

    private synchronized void registerEvent() {
        if (registered || !listening) {
            return;
        }
        try {
            FlightRecorder.addPeriodicEvent(ThreadStatisticsEvent.class, hook);
            registered = true;
        } catch (RuntimeException | Error e) {
            reportUnavailable(e);
        }
    }

    private static void reportUnavailable(Throwable e) {
        // JFR unavailable in this JVM: our own file still has offcpu.ThreadStatistics.
        System.err.println("offcpu: cannot register the " + ThreadStatisticsEvent.NAME + " JFR event: " + e);
    }

    synchronized void unregister() {
        if (listening) {
            FlightRecorder.removeListener(whenJfrStarts);
            listening = false;
        }
        if (registered) {
            FlightRecorder.removePeriodicEvent(hook);
            registered = false;
        }
    }

    /** Keeps a copy of {@code readings[0..count)}, reusing the objects of the last copy. */
    synchronized void update(ThreadStatistics[] readings, int count) {
        if (latest.length < count) {
            latest = Arrays.copyOf(latest, count);
        }
        for (int i = 0; i < count; i++) {
            if (latest[i] == null) {
                latest[i] = new ThreadStatistics();
            }
            latest[i].setFrom(readings[i]);
        }
        latestCount = count;
    }

    private synchronized void emit() {
        for (int i = 0; i < latestCount; i++) {
            ThreadStatistics s = latest[i];
            ThreadStatisticsEvent event = new ThreadStatisticsEvent();
            event.osThreadId = s.thread().osThreadId();
            event.javaThreadId = s.thread().javaThreadId();
            event.threadName = s.thread().javaName() != null
                    ? s.thread().javaName()
                    : s.thread().osName();
            event.offCpuTime = s.offCpuNanos();
            event.sleepingTime = s.sleepingNanos();
            event.uninterruptibleTime = s.uninterruptibleNanos();
            event.preemptedTime = s.preemptedNanos();
            event.runQueueTime = s.runQueueNanos();
            event.voluntarySwitches = s.voluntarySwitches();
            event.involuntarySwitches = s.involuntarySwitches();
            event.episodes = s.episodes();
            event.unseenStarts = s.unseenStarts();
            event.commit();
        }
    }
}
