package io.offcpu.cli;

import io.offcpu.jfr.Frame;
import io.offcpu.jfr.FrameType;
import io.offcpu.jfr.OffCpuChunkWriter;
import io.offcpu.jfr.OffCpuEvent;
import io.offcpu.jfr.OffCpuStatistics;
import io.offcpu.jfr.ThreadRef;
import io.offcpu.jfr.TickClock;
import io.offcpu.jfr.WakeupEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A recording written by the project's own chunk writer, so every event, weight and counter is known. The
 * clock maps CLOCK_MONOTONIC {@code t} to ticks {@code t} and to epoch {@code EPOCH_BASE + t}; the chunk
 * starts at the first event, {@link #START_NANOS}, which is what {@code --from 2s} counts from.
 *
 * <p>Wakers as the agent writes them: threads of this JVM (one the agent knew only by its kernel name when
 * it woke the worker), threads of other processes ({@code comm (pid N)}), none for timers, interrupts and
 * preemption; {@code offcpu.Wakeup} events with the waker's stack for two episodes, plus two that must not
 * link: one whose episode is gone, one whose id its episode carries but from another waker.
 */
final class ReportFixture {
    static final long EPOCH_BASE = 1_764_000_000_000_000_000L; // 2025-11-24T16:00:00Z
    static final long SECOND = 1_000_000_000L;
    static final long MS = 1_000_000L;
    static final long START_NANOS = 1 * SECOND;

    static final ThreadRef WORKER = new ThreadRef(101, "worker-1", 11, "worker-1");
    static final ThreadRef SLEEPER = new ThreadRef(102, "sleeper", 12, "sleeper-thread");
    static final ThreadRef GC = ThreadRef.nativeThread(103, "GC Thread#0");
    static final ThreadRef READER = new ThreadRef(104, "net-reader", 13, "net-reader");
    static final ThreadRef SYNCER = new ThreadRef(105, "syncer", 14, "syncer");

    static final ThreadRef PRODUCER = new ThreadRef(106, "queue-producer-", 16, "queue-producer-1");
    /** The producer as the episode names it: the agent had not learnt its Java name yet. */
    static final ThreadRef PRODUCER_KERNEL_NAME = ThreadRef.nativeThread(106, "queue-producer-");

    static final ThreadRef VM_THREAD = ThreadRef.nativeThread(107, "VM Thread");
    static final ThreadRef CURL = ThreadRef.nativeThread(4242, "curl (pid 4242)");
    static final ThreadRef JOURNAL = ThreadRef.nativeThread(251, "jbd2/sda1-8 (pid 251)");

    static final List<Frame> PARK = List.of(
            Frame.symbol("", "futex_do_wait", FrameType.KERNEL),
            Frame.symbol("", "__futex_abstimed_wait_common", FrameType.NATIVE),
            Frame.symbol("", "Parker::park", FrameType.CPP),
            new Frame("jdk/internal/misc/Unsafe", "park", "(ZJ)V", FrameType.NATIVE, -1, -1),
            new Frame(
                    "java/util/concurrent/locks/LockSupport",
                    "park",
                    "(Ljava/lang/Object;)V",
                    FrameType.INLINED,
                    211,
                    14),
            new Frame("com/example/Queue", "take", "()Ljava/lang/Object;", FrameType.JIT_COMPILED, 88, 30),
            new Frame("com/example/Worker", "run", "()V", FrameType.INTERPRETED, 42, 7));
    static final List<Frame> SLEEP = List.of(
            Frame.symbol("", "futex_do_wait", FrameType.KERNEL),
            Frame.symbol("", "__futex_abstimed_wait_common", FrameType.NATIVE),
            new Frame("java/lang/Thread", "sleep", "(J)V", FrameType.NATIVE, -1, -1),
            new Frame("com/example/Sleeper", "nap", "()V", FrameType.JIT_COMPILED, 51, 3));
    static final List<Frame> GC_WAIT = List.of(
            Frame.symbol("", "futex_do_wait", FrameType.KERNEL),
            Frame.symbol("", "pthread_cond_wait", FrameType.NATIVE),
            Frame.symbol("", "Monitor::wait", FrameType.CPP),
            Frame.symbol("", "G1ServiceThread::wait_for_task", FrameType.CPP),
            Frame.symbol("", "Thread::call_run", FrameType.CPP));
    static final List<Frame> READ = List.of(
            Frame.symbol("", "wait_woken", FrameType.KERNEL),
            Frame.symbol("", "read", FrameType.NATIVE),
            new Frame(
                    "sun/nio/ch/SocketDispatcher", "read0", "(Ljava/io/FileDescriptor;JI)I", FrameType.NATIVE, -1, -1),
            new Frame("com/example/Client", "receive", "()V", FrameType.JIT_COMPILED, 12, 1));
    static final List<Frame> FSYNC = List.of(
            Frame.symbol("", "jbd2_log_wait_commit", FrameType.KERNEL),
            Frame.symbol("", "fsync", FrameType.NATIVE),
            new Frame("com/example/Journal", "force", "()V", FrameType.JIT_COMPILED, 7, 2));

    /** The producer handing the worker an item: top frame first, as the agent writes stacks. */
    static final List<Frame> PRODUCER_UNPARK = List.of(
            Frame.symbol("", "try_to_wake_up", FrameType.KERNEL),
            Frame.symbol("", "futex_wake", FrameType.KERNEL),
            Frame.symbol("", "pthread_cond_signal", FrameType.NATIVE),
            Frame.symbol("", "Unsafe_Unpark", FrameType.CPP),
            new Frame("jdk/internal/misc/Unsafe", "unpark", "(Ljava/lang/Object;)V", FrameType.NATIVE, -1, -1),
            new Frame(
                    "java/util/concurrent/locks/LockSupport",
                    "unpark",
                    "(Ljava/lang/Thread;)V",
                    FrameType.INLINED,
                    177,
                    8),
            new Frame("com/example/Queue", "put", "(Ljava/lang/Object;)V", FrameType.JIT_COMPILED, 120, 40),
            new Frame("com/example/Producer", "run", "()V", FrameType.INTERPRETED, 33, 5));

    static final List<Frame> VM_THREAD_NOTIFY = List.of(
            Frame.symbol("", "try_to_wake_up", FrameType.KERNEL),
            Frame.symbol("", "pthread_cond_broadcast", FrameType.NATIVE),
            Frame.symbol("", "Monitor::notify_all", FrameType.CPP),
            Frame.symbol("", "VMThread::loop", FrameType.CPP),
            Frame.symbol("", "Thread::call_run", FrameType.CPP));

    /** Events in time order: start, thread, state, syscall, duration, weight; reasons as derived; wakers. */
    static final List<OffCpuEvent> EVENTS = List.of(
            wokenBy(
                    event(1 * SECOND, WORKER, PARK, "sleeping (S)", "futex", 2 * MS, 2 * MS, "lock"),
                    PRODUCER_KERNEL_NAME,
                    1),
            wokenBy(
                    event(2 * SECOND, WORKER, PARK, "sleeping (S)", "futex", 3 * MS, 5 * MS, "lock"), // sampled
                    PRODUCER_KERNEL_NAME,
                    0),
            endedBy(event(3 * SECOND, SLEEPER, SLEEP, "sleeping (S)", "futex", 50 * MS, 50 * MS, "sleep"), "timer"),
            wokenBy(event(4 * SECOND, GC, GC_WAIT, "sleeping (S)", "futex", 20 * MS, 20 * MS, "lock"), VM_THREAD, 2),
            event(4 * SECOND + 1, GC, List.of(), "uninterruptible (D)", "", 1 * MS, 1 * MS, "page-fault"),
            wokenBy(event(5 * SECOND, READER, READ, "sleeping (S)", "read", 10 * MS, 10 * MS, "network"), CURL, 4),
            event(6 * SECOND, WORKER, PARK, "runnable (preempted)", "futex", MS / 2, MS / 2, "preempted"),
            wokenBy(
                    event(7 * SECOND, SYNCER, FSYNC, "uninterruptible (D)", "fsync", 7 * MS, 7 * MS, "disk-io"),
                    JOURNAL,
                    0));

    static final List<WakeupEvent> WAKEUPS = List.of(
            new WakeupEvent(1 * SECOND + MS, PRODUCER, PRODUCER_UNPARK, false, WORKER, 1, 0),
            new WakeupEvent(4 * SECOND + 19 * MS, VM_THREAD, VM_THREAD_NOTIFY, false, GC, 2, 1),
            // The sleeper's episode has no wakeup id: this one's episode was dropped.
            new WakeupEvent(3 * SECOND + MS, PRODUCER, PRODUCER_UNPARK, false, SLEEPER, 3, 0),
            // The reader's episode carries id 4, but from another waker (ids restart with the profiler).
            new WakeupEvent(5 * SECOND + MS, PRODUCER, PRODUCER_UNPARK, false, READER, 4, 0));

    static final long TOTAL_WEIGHT =
            EVENTS.stream().mapToLong(OffCpuEvent::weightNanos).sum();
    static final OffCpuStatistics FIRST_STATISTICS = new OffCpuStatistics(3 * SECOND, 500, 3, 0, 0);
    static final OffCpuStatistics LAST_STATISTICS = new OffCpuStatistics(7 * SECOND + 5, 1000, 8, 2, 1);

    private ReportFixture() {}

    static OffCpuEvent event(
            long start,
            ThreadRef thread,
            List<Frame> stack,
            String state,
            String syscall,
            long duration,
            long weight,
            String reason) {
        return new OffCpuEvent(
                start, duration, thread, stack, false, state, syscall, 1_000, null, 0, weight, reason, "", 0, 0, "");
    }

    private static OffCpuEvent wokenBy(OffCpuEvent e, ThreadRef waker, long wakeupId) {
        return endedBy(e, waker, wakeupId, "thread");
    }

    /** An episode no thread ended: {@code wokenBy} names the kind of kernel handler that did. */
    private static OffCpuEvent endedBy(OffCpuEvent e, String handler) {
        return endedBy(e, null, 0, handler);
    }

    private static OffCpuEvent endedBy(OffCpuEvent e, ThreadRef waker, long wakeupId, String wokenBy) {
        return new OffCpuEvent(
                e.startNanos(),
                e.durationNanos(),
                e.thread(),
                e.stack(),
                e.stackTruncated(),
                e.state(),
                e.syscall(),
                e.runQueueLatencyNanos(),
                waker,
                e.cpu(),
                e.weightNanos(),
                e.reason(),
                e.reasonDetail(),
                e.cpuIn(),
                wakeupId,
                wokenBy);
    }

    static TickClock clock() {
        return TickClock.of(0, EPOCH_BASE, 1_000_000_000L, EPOCH_BASE);
    }

    /** The fixture in a temporary file, removed when the JVM exits (for a test class's constant). */
    static Path writeTemporary() {
        try {
            Path file = Files.createTempFile("offcpu-report-fixture", ".jfr");
            file.toFile().deleteOnExit();
            return write(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report fixture: " + e.getMessage(), e);
        }
    }

    /**
     * The fixture as one spool file of two chunks (statistics in both), which is a JFR file by itself; the
     * wakeups go in the second chunk, so one of them links across chunks.
     */
    static Path write(Path file) throws IOException {
        try (OffCpuChunkWriter w = new OffCpuChunkWriter(file, clock())) {
            for (int i = 0; i < EVENTS.size(); i++) {
                w.write(EVENTS.get(i));
                if (i == 3) {
                    w.write(FIRST_STATISTICS);
                    w.flushChunk();
                }
            }
            for (WakeupEvent wakeup : WAKEUPS) {
                w.write(wakeup);
            }
            w.write(LAST_STATISTICS);
        }
        return file;
    }
}
