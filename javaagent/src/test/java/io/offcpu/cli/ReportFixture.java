package io.offcpu.cli;

import io.offcpu.jfr.Frame;
import io.offcpu.jfr.FrameType;
import io.offcpu.jfr.OffCpuChunkWriter;
import io.offcpu.jfr.OffCpuEvent;
import io.offcpu.jfr.OffCpuStatistics;
import io.offcpu.jfr.ThreadRef;
import io.offcpu.jfr.TickClock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A recording written by the project's own chunk writer, so every event, weight and counter is known. The
 * clock maps CLOCK_MONOTONIC {@code t} to ticks {@code t} and to epoch {@code EPOCH_BASE + t}; the chunk
 * starts at the first event, {@link #START_NANOS}, which is what {@code --from 2s} counts from.
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

    static final List<Frame> PARK = List.of(
            Frame.symbol("", "futex_do_wait", FrameType.KERNEL),
            Frame.symbol("", "__futex_abstimed_wait_common", FrameType.NATIVE),
            Frame.symbol("", "Parker::park", FrameType.CPP),
            new Frame("jdk/internal/misc/Unsafe", "park", "(ZJ)V", FrameType.NATIVE, -1, -1),
            new Frame("java/util/concurrent/locks/LockSupport", "park", "(Ljava/lang/Object;)V",
                    FrameType.INLINED, 211, 14),
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
            new Frame("sun/nio/ch/SocketDispatcher", "read0", "(Ljava/io/FileDescriptor;JI)I", FrameType.NATIVE, -1, -1),
            new Frame("com/example/Client", "receive", "()V", FrameType.JIT_COMPILED, 12, 1));
    static final List<Frame> FSYNC = List.of(
            Frame.symbol("", "jbd2_log_wait_commit", FrameType.KERNEL),
            Frame.symbol("", "fsync", FrameType.NATIVE),
            new Frame("com/example/Journal", "force", "()V", FrameType.JIT_COMPILED, 7, 2));

    /** Events in time order: start, thread, state, syscall, duration, weight; reasons as derived. */
    static final List<OffCpuEvent> EVENTS = List.of(
            event(1 * SECOND, WORKER, PARK, "sleeping (S)", "futex", 2 * MS, 2 * MS),          // lock
            event(2 * SECOND, WORKER, PARK, "sleeping (S)", "futex", 3 * MS, 5 * MS),          // lock, sampled
            event(3 * SECOND, SLEEPER, SLEEP, "sleeping (S)", "futex", 50 * MS, 50 * MS),      // sleep
            event(4 * SECOND, GC, GC_WAIT, "sleeping (S)", "futex", 20 * MS, 20 * MS),         // lock
            event(4 * SECOND + 1, GC, List.of(), "uninterruptible (D)", "", 1 * MS, 1 * MS),   // page-fault
            event(5 * SECOND, READER, READ, "sleeping (S)", "read", 10 * MS, 10 * MS),         // network
            event(6 * SECOND, WORKER, PARK, "runnable (preempted)", "futex", MS / 2, MS / 2),  // preempted
            event(7 * SECOND, SYNCER, FSYNC, "uninterruptible (D)", "fsync", 7 * MS, 7 * MS)); // disk-io

    static final long TOTAL_WEIGHT = EVENTS.stream().mapToLong(OffCpuEvent::weightNanos).sum();
    static final OffCpuStatistics FIRST_STATISTICS = new OffCpuStatistics(3 * SECOND, 500, 3, 0, 0);
    static final OffCpuStatistics LAST_STATISTICS = new OffCpuStatistics(7 * SECOND + 5, 1000, 8, 2, 1);

    private ReportFixture() {}

    static OffCpuEvent event(long start, ThreadRef thread, List<Frame> stack, String state, String syscall,
            long duration, long weight) {
        return new OffCpuEvent(start, duration, thread, stack, false, state, syscall, 1_000, null, 0, weight);
    }

    static TickClock clock() {
        return TickClock.of(0, EPOCH_BASE, 1_000_000_000L, EPOCH_BASE);
    }

    /** The fixture as one spool file of two chunks (statistics in both), which is a JFR file by itself. */
    static Path write(Path file) throws IOException {
        try (OffCpuChunkWriter w = new OffCpuChunkWriter(file, clock())) {
            for (int i = 0; i < EVENTS.size(); i++) {
                w.write(EVENTS.get(i));
                if (i == 3) {
                    w.write(FIRST_STATISTICS);
                    w.flushChunk();
                }
            }
            w.write(LAST_STATISTICS);
        }
        return file;
    }
}
