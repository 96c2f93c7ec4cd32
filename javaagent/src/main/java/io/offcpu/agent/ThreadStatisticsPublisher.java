package io.offcpu.agent;

import io.offcpu.jfr.ThreadStatistics;
import java.util.List;
import jdk.jfr.FlightRecorder;

/**
 * Publishes the latest per-thread totals as {@link ThreadStatisticsEvent}s whenever JFR asks (once a
 * second in any recording that enables the event). The consumer thread reads the kernel totals and
 * hands them over here; JFR's periodic thread only copies them, so it never touches the BPF session.
 */
final class ThreadStatisticsPublisher {
    private final Runnable hook = this::emit;
    private volatile List<ThreadStatistics> latest = List.of();
    private boolean registered;

    void register() {
        try {
            FlightRecorder.addPeriodicEvent(ThreadStatisticsEvent.class, hook);
            registered = true;
        } catch (RuntimeException | Error e) {
            // JFR unavailable in this JVM: our own file still has offcpu.ThreadStatistics.
            System.err.println("offcpu: cannot register the " + ThreadStatisticsEvent.NAME + " JFR event: " + e);
        }
    }

    void unregister() {
        if (registered) {
            FlightRecorder.removePeriodicEvent(hook);
            registered = false;
        }
    }

    void update(List<ThreadStatistics> totals) {
        latest = List.copyOf(totals);
    }

    private void emit() {
        for (ThreadStatistics s : latest) {
            ThreadStatisticsEvent event = new ThreadStatisticsEvent();
            event.osThreadId = s.thread().osThreadId();
            event.javaThreadId = s.thread().javaThreadId();
            event.threadName = s.thread().javaName() != null ? s.thread().javaName() : s.thread().osName();
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
