package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.samples.MonitorSample;
import io.offcpu.samples.PageFaultSample;
import io.offcpu.samples.SleepSample;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Who woke a thread. The contended-monitor sample: the waiter's episodes in the monitor link (wakeupId) to
 * an {@code offcpu.Wakeup} event whose eventThread is the holder and whose stack is in the holder's
 * synchronized method, where it released the monitor. The page-fault sample: its faults end when the disk
 * read completes, in an interrupt or softirq handler (wokenBy "interrupt"), so no user thread may be named
 * as their waker (whatever task the interrupt happened to hit), only none or a kernel thread that completes
 * I/O. A few may rightly name a user thread: the block layer sometimes completes requests in the task that
 * submits others (seen once: 2 of 67, the JVM's JFR and compiler threads); with softirqs unmarked 42-46 of
 * 57 did, and 4-5 of 66 with interrupts told by their stack but not those that hit a task in user mode.
 */
class WakeupIT {
    /** Kernel threads that may complete block I/O (workqueues, softirq threads, threaded interrupts). */
    private static final double MAX_USER_WAKER_SHARE = 0.1;

    private static final Pattern KERNEL_IO_THREAD = Pattern.compile("^(kworker/|ksoftirqd/|irq/|jbd2/|kblockd|loop).*");

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void theMonitorWaitersWakerIsTheHolderInItsSynchronizedBlock(TestJdk jdk, @TempDir Path workDirectory)
            throws Exception {
        BpfPrecondition.assumeBpfAvailable();
        SampleResult run = SampleLaunch.of(jdk, MonitorSample.class, workDirectory, "3s")
                .withAgent("1ms")
                .start()
                .awaitExit(Duration.ofSeconds(90));
        SampleReport report = run.requireSuccess();
        long waiter = report.threadId(MonitorSample.WAITER_THREAD_NAME);
        long holder = report.threadId(MonitorSample.HOLDER_THREAD_NAME);
        List<RecordedEvent> events = RecordingFile.readAllEvents(run.requireRecording());
        Map<Long, RecordedEvent> wakeups = new HashMap<>();
        for (RecordedEvent e : events) {
            if (e.getEventType().getName().equals("offcpu.Wakeup")) {
                wakeups.put(e.getLong("wakeupId"), e);
            }
        }
        List<RecordedEvent> monitorWaits = events.stream()
                .filter(e -> e.getEventType().getName().equals("offcpu.OffCpu"))
                .filter(e -> e.getThread("eventThread").getOSThreadId() == waiter)
                .filter(e -> "java monitor".equals(e.getString("reasonDetail")))
                .filter(e -> e.getDuration().toMillis() >= 15)
                .toList();
        long linkedToHolder = monitorWaits.stream()
                .filter(e -> {
                    RecordedEvent w = wakeups.get(e.getLong("wakeupId"));
                    return w != null
                            && w.getThread("eventThread").getOSThreadId() == holder
                            && e.getThread("waker") != null
                            && e.getThread("waker").getOSThreadId() == holder
                            && w.getStackTrace() != null
                            && w.getStackTrace().getFrames().stream().anyMatch(WakeupIT::inHolder);
                })
                .count();
        System.out.println(jdk + ": " + linkedToHolder + " of " + monitorWaits.size()
                + " monitor waits of >= 15 ms link to a wakeup by the holder in " + MonitorSample.HOLDER_METHOD);
        assertTrue(
                !monitorWaits.isEmpty() && linkedToHolder >= monitorWaits.size() * 9 / 10,
                () -> linkedToHolder
                        + " of " + monitorWaits.size() + " monitor waits link to a wakeup by the holder with "
                        + MonitorSample.HOLDER_METHOD + " on its stack; expected at least 90%");
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void pageFaultsAreWokenByTheInterruptNotTheTaskItHit(TestJdk jdk, @TempDir Path workDirectory) throws Exception {
        BpfPrecondition.assumeBpfAvailable();
        SampleResult run = SampleLaunch.of(jdk, PageFaultSample.class, workDirectory, "3s")
                .withAgent("200us")
                .start()
                .awaitExit(Duration.ofSeconds(90));
        SampleReport report = run.requireSuccess();
        long faulter = report.threadId(PageFaultSample.THREAD_NAME);
        List<RecordedEvent> faults = episodes(run, faulter, "page-fault");
        List<String> userWakers = faults.stream()
                .map(e -> e.getThread("waker"))
                .filter(w -> w != null)
                .map(w -> w.getOSName() != null ? w.getOSName() : w.getJavaName())
                .filter(name -> !KERNEL_IO_THREAD.matcher(name).matches())
                .toList();
        List<String> handlers = faults.stream()
                .filter(e -> e.getThread("waker") == null)
                .map(e -> e.getString("wokenBy"))
                .toList();
        System.out.println(jdk + ": " + faults.size() + " page faults, wakers that are user threads: " + userWakers
                + ", ended by handlers: "
                + handlers.stream().collect(Collectors.groupingBy(h -> h, Collectors.counting())));
        assertTrue(!faults.isEmpty(), "the page-fault sample produced no page-fault episode");
        // A few may say nothing: preempted on the way back, nothing had to wake them.
        long byIoHandler = handlers.stream().filter(h -> h.equals("interrupt")).count();
        assertTrue(
                byIoHandler >= handlers.size() * 95 / 100,
                () -> "page faults no thread ended must mostly say an interrupt did (wokenBy): " + handlers);
        assertTrue(
                userWakers.size() <= faults.size() * MAX_USER_WAKER_SHARE,
                () -> userWakers.size() + " of "
                        + faults.size()
                        + " page faults name a user thread as their waker (an interrupt completed the read): "
                        + userWakers);
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void sleepsAreEndedByTheirTimer(TestJdk jdk, @TempDir Path workDirectory) throws Exception {
        BpfPrecondition.assumeBpfAvailable();
        SampleResult run = SampleLaunch.of(jdk, SleepSample.class, workDirectory, "2s")
                .withAgent("1ms")
                .start()
                .awaitExit(Duration.ofSeconds(90));
        long sleeper = run.requireSuccess().threadId(SleepSample.THREAD_NAME);
        List<RecordedEvent> sleeps = episodes(run, sleeper, "sleep");
        long byTimer = sleeps.stream()
                .filter(e -> e.getThread("waker") == null && "timer".equals(e.getString("wokenBy")))
                .count();
        System.out.println(jdk + ": " + byTimer + " of " + sleeps.size() + " sleeps ended by their timer");
        assertTrue(
                !sleeps.isEmpty() && byTimer >= sleeps.size() * 95 / 100,
                () -> byTimer + " of " + sleeps.size()
                        + " sleeps say no thread woke them and wokenBy=timer; expected at least 95%");
    }

    /** The run's offcpu.OffCpu events of one thread with one reason. */
    private static List<RecordedEvent> episodes(SampleResult run, long tid, String reason) throws IOException {
        return RecordingFile.readAllEvents(run.requireRecording()).stream()
                .filter(e -> e.getEventType().getName().equals("offcpu.OffCpu"))
                .filter(e -> e.getThread("eventThread").getOSThreadId() == tid)
                .filter(e -> reason.equals(e.getString("reason")))
                .toList();
    }

    private static boolean inHolder(RecordedFrame f) {
        return f.getMethod() != null
                && f.getMethod().getName().equals(MonitorSample.HOLDER_METHOD)
                && f.getMethod().getType().getName().equals(MonitorSample.class.getName());
    }
}
