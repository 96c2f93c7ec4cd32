package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.samples.CpuOversubscriptionSample;
import io.offcpu.samples.FsyncSample;
import io.offcpu.samples.MonitorSample;
import io.offcpu.samples.PageFaultSample;
import io.offcpu.samples.ParkSample;
import io.offcpu.samples.SleepSample;
import io.offcpu.samples.SocketReadSample;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What a profiler must find for each sample: the thread, the sample's own method and the JDK method it blocks
 * in, the kernel functions and syscall of the wait, the reason (README's reason table), and how long the
 * blocked intervals are.
 *
 * <p>The kernel names are sets of acceptable names, because they change across kernels (6.18 here shows
 * {@code futex_do_wait}; older kernels {@code futex_wait_queue} or {@code futex_wait_queue_me}). What this
 * machine shows was read from {@code /proc/<pid>/task/<tid>/stack} while each sample ran (KernelPathIT keeps
 * checking it). HotSpot on Linux implements {@code Thread.sleep} with a timed futex wait (a condition
 * variable in its {@code ParkEvent}), not {@code nanosleep}: the sleep sample's kernel path is the futex one.
 */
public enum BlockingExpectation {
    SLEEP(
            SleepSample.class,
            SleepSample.THREAD_NAME,
            SleepSample.BLOCKING_METHOD,
            Set.of(
                    "java.lang.Thread.sleep",
                    "java.lang.Thread.sleep0",
                    "java.lang.Thread.sleepNanos",
                    "java.lang.Thread.sleepNanos0"),
            union(Kernel.FUTEX_WAIT, Set.of("do_nanosleep", "hrtimer_nanosleep")),
            Set.of("futex", "nanosleep", "clock_nanosleep"),
            "sleep") {
        @Override
        void assertDurations(List<OffCpuEvent> inMethod, SampleReport.LoopStats stats) {
            assertEachCallIsOneEpisode(SleepSample.BLOCK, inMethod, stats);
        }
    },
    PARK(
            ParkSample.class,
            ParkSample.THREAD_NAME,
            ParkSample.BLOCKING_METHOD,
            Set.of("jdk.internal.misc.Unsafe.park"),
            Kernel.FUTEX_WAIT,
            Set.of("futex"),
            "lock") {
        @Override
        void assertDurations(List<OffCpuEvent> inMethod, SampleReport.LoopStats stats) {
            assertEachCallIsOneEpisode(ParkSample.BLOCK, inMethod, stats);
        }
    },
    /** A contended monitor has no JDK method: the sample's method itself must be the top Java frame. */
    MONITOR(
            MonitorSample.class,
            MonitorSample.WAITER_THREAD_NAME,
            MonitorSample.BLOCKING_METHOD,
            Set.of(),
            Kernel.FUTEX_WAIT,
            Set.of("futex"),
            "lock") {
        @Override
        void assertDurations(List<OffCpuEvent> inMethod, SampleReport.LoopStats stats) {
            // Before JDK 24 the first waiter parks with timeouts of 1 and 8 ms first (ObjectMonitor's
            // "responsible" thread), so a 30 ms wait is 1-3 episodes, the last one at least ~20 ms.
            long longestAtLeastNanos = Duration.ofMillis(15).toNanos();
            long waitsWithLongEpisode = inMethod.stream()
                    .filter(e -> e.durationNanos() >= longestAtLeastNanos)
                    .count();
            long offCpuNanos =
                    inMethod.stream().mapToLong(OffCpuEvent::durationNanos).sum();
            long measuredNanos = stats.blockedMicros() * 1000;
            assertAll(
                    () -> assertTrue(
                            waitsWithLongEpisode >= stats.blocks() * 8 / 10,
                            () -> waitsWithLongEpisode
                                    + " episodes of >= 15 ms in the monitor wait, expected one for at least 80% of the "
                                    + stats.blocks() + " contended entries"),
                    () -> assertTrue(
                            offCpuNanos >= measuredNanos * 7 / 10,
                            () -> "off-CPU time in "
                                    + MonitorSample.BLOCKING_METHOD + " is " + offCpuNanos / 1_000_000
                                    + " ms, expected >= 70% of the "
                                    + measuredNanos / 1_000_000 + " ms the waiter measured around its entries"),
                    () -> assertNoEpisodeOutlastsItsCall(inMethod, stats));
        }
    },
    SOCKET_READ(
            SocketReadSample.class,
            SocketReadSample.READER_THREAD_NAME,
            SocketReadSample.BLOCKING_METHOD,
            Set.of(
                    "sun.nio.ch.NioSocketImpl.read",
                    "sun.nio.ch.NioSocketImpl.implRead",
                    "sun.nio.ch.NioSocketImpl.tryRead",
                    "sun.nio.ch.SocketDispatcher.read0",
                    "java.net.Socket$SocketInputStream.read",
                    "java.net.SocketInputStream.read"),
            Set.of(
                    "sk_wait_data",
                    "tcp_recvmsg_locked",
                    "tcp_recvmsg",
                    "inet_recvmsg",
                    "sock_recvmsg",
                    "sock_read_iter"),
            // JDK 17 and 25 read a blocking socket with read(2) (seen in /proc/<pid>/task/<tid>/syscall).
            Set.of("read", "recvfrom", "recvmsg"),
            "network") {
        @Override
        void assertDurations(List<OffCpuEvent> inMethod, SampleReport.LoopStats stats) {
            assertEachCallIsOneEpisode(SocketReadSample.REPLY_DELAY, inMethod, stats);
        }
    },
    /** fsync's length depends on the disk: only that it is seen, in the right place, and not overstated. */
    FSYNC(
            FsyncSample.class,
            FsyncSample.THREAD_NAME,
            FsyncSample.BLOCKING_METHOD,
            Set.of(
                    "sun.nio.ch.FileChannelImpl.force",
                    "sun.nio.ch.FileDispatcherImpl.force0",
                    "sun.nio.ch.UnixFileDispatcherImpl.force0"),
            Set.of(
                    "do_fsync",
                    "vfs_fsync_range",
                    "ext4_sync_file",
                    "xfs_file_fsync",
                    "btrfs_sync_file",
                    "file_write_and_wait_range",
                    "__filemap_fdatawait_range",
                    "folio_wait_writeback",
                    "wait_on_page_writeback",
                    "blkdev_issue_flush",
                    "submit_bio_wait",
                    "jbd2_log_wait_commit",
                    "__sync_dirty_buffer",
                    "io_schedule"),
            Set.of("fsync", "fdatasync"),
            "disk-io") {
        @Override
        void assertDurations(List<OffCpuEvent> inMethod, SampleReport.LoopStats stats) {
            assertNoEpisodeOutlastsItsCall(inMethod, stats);
        }
    },
    /**
     * Reading pages of a mapped file that are not in memory: the faults wait for the disk outside any syscall
     * ({@code filemap_fault} under {@code asm_exc_page_fault}, as the sample's javadoc records). Their length
     * depends on the disk, as fsync's.
     */
    PAGE_FAULT(
            PageFaultSample.class,
            PageFaultSample.THREAD_NAME,
            PageFaultSample.BLOCKING_METHOD,
            Set.of(
                    "java.nio.DirectByteBuffer.getLong",
                    "jdk.internal.misc.ScopedMemoryAccess.getLongUnaligned",
                    "jdk.internal.misc.ScopedMemoryAccess.getLongUnalignedInternal",
                    "jdk.internal.misc.Unsafe.getLongUnaligned"),
            Set.of(
                    "filemap_fault",
                    "do_read_fault",
                    "__do_fault",
                    "handle_mm_fault",
                    "exc_page_fault",
                    "asm_exc_page_fault"),
            Set.of(Syscalls.NONE),
            "page-fault") {
        @Override
        void assertDurations(List<OffCpuEvent> inMethod, SampleReport.LoopStats stats) {
            assertNoEpisodeOutlastsItsCall(inMethod, stats);
        }
    },
    /**
     * Spinning, one of twice as many threads as CPUs: off the CPU only when preempted, at the return from a
     * timer or rescheduling interrupt, and then waiting in the run queue for the whole episode. A spin has no
     * JDK method: the sample's method must be the top Java frame.
     */
    CPU_OVERSUBSCRIPTION(
            CpuOversubscriptionSample.class,
            CpuOversubscriptionSample.threadName(0),
            CpuOversubscriptionSample.BLOCKING_METHOD,
            Set.of(),
            Set.of(
                    "irqentry_exit_to_user_mode",
                    "irqentry_exit",
                    "exit_to_user_mode_loop",
                    "exit_to_user_mode_prepare",
                    "prepare_exit_to_usermode",
                    "asm_sysvec_apic_timer_interrupt",
                    "asm_sysvec_reschedule_ipi",
                    "preempt_schedule_irq"),
            Set.of(Syscalls.NONE),
            "preempted") {
        @Override
        void assertDurations(List<OffCpuEvent> inMethod, SampleReport.LoopStats stats) {
            List<OffCpuEvent> preempted = inMethod.stream()
                    .filter(e -> "preempted".equals(e.reason()))
                    .toList();
            long preemptedNanos =
                    preempted.stream().mapToLong(OffCpuEvent::durationNanos).sum();
            long runQueueNanos =
                    preempted.stream().mapToLong(OffCpuEvent::runQueueNanos).sum();
            long offCpuNanos =
                    inMethod.stream().mapToLong(OffCpuEvent::durationNanos).sum();
            long loopNanos = stats.blockedMicros() * 1000;
            assertAll(
                    () -> assertTrue(
                            runQueueNanos >= preemptedNanos * MIN_RUN_QUEUE_SHARE_WHEN_PREEMPTED
                                    && runQueueNanos <= preemptedNanos * (2 - MIN_RUN_QUEUE_SHARE_WHEN_PREEMPTED),
                            () -> String.format(
                                    "run-queue latency of the %d preempted episodes sums to %.1f ms, "
                                            + "expected within %.0f%% of their %.1f ms off the CPU",
                                    preempted.size(),
                                    runQueueNanos / 1e6,
                                    100 * (1 - MIN_RUN_QUEUE_SHARE_WHEN_PREEMPTED),
                                    preemptedNanos / 1e6)),
                    () -> assertTrue(
                            offCpuNanos >= loopNanos * MIN_SHARE_OFF_CPU_WHEN_OVERSUBSCRIBED,
                            () -> String.format(
                                    "%.1f ms off the CPU in %s, expected >= %.0f%% of the %.1f ms the "
                                            + "thread spun (a fair share of the CPUs leaves it waiting half the time)",
                                    offCpuNanos / 1e6,
                                    CpuOversubscriptionSample.BLOCKING_METHOD,
                                    100 * MIN_SHARE_OFF_CPU_WHEN_OVERSUBSCRIBED,
                                    loopNanos / 1e6)),
                    () -> assertNoEpisodeOutlastsItsCall(inMethod, stats));
        }
    };

    /** How much shorter than the known block an episode may look: clocks differ by microseconds. */
    static final Duration SHORTER_MARGIN = Duration.ofMillis(1).dividedBy(2);
    /** How much longer than the known block the median may be: wake-up and scheduling delay. */
    static final Duration MEDIAN_LONGER_MARGIN = Duration.ofMillis(10);
    /** Share of the sample's calls that must show up as a full-length episode (the agent may start late). */
    static final double MIN_SHARE_OF_CALLS = 0.8;
    /** A preempted task waits in the run queue from switch-out to switch-in; the two clocks differ a little. */
    static final double MIN_RUN_QUEUE_SHARE_WHEN_PREEMPTED = 0.9;
    /**
     * Share of its loop a spinner must be seen off the CPU: with twice as many spinners as CPUs a fair
     * scheduler runs each about half the time (less with other load); half of that allows for unfairness
     * and for waits shorter than the threshold.
     */
    static final double MIN_SHARE_OFF_CPU_WHEN_OVERSUBSCRIBED = 0.25;

    private final Class<?> sampleClass;
    private final String threadName;
    private final String blockingMethod;
    private final Set<String> jdkFrames;
    private final Set<String> kernelFunctions;
    private final Set<String> syscalls;
    private final String reason;

    BlockingExpectation(
            Class<?> sampleClass,
            String threadName,
            String blockingMethod,
            Set<String> jdkFrames,
            Set<String> kernelFunctions,
            Set<String> syscalls,
            String reason) {
        this.sampleClass = sampleClass;
        this.threadName = threadName;
        this.blockingMethod = blockingMethod;
        this.jdkFrames = jdkFrames;
        this.kernelFunctions = kernelFunctions;
        this.syscalls = syscalls;
        this.reason = reason;
    }

    /** The main class to launch, which is also the class declaring {@link #blockingMethod()}. */
    public Class<?> sampleClass() {
        return sampleClass;
    }

    public String threadName() {
        return threadName;
    }

    public String blockingMethod() {
        return blockingMethod;
    }

    /** JDK methods (class.method) of which at least one must be on the stack; empty for a monitor. */
    public Set<String> jdkFrames() {
        return jdkFrames;
    }

    public Set<String> kernelFunctions() {
        return kernelFunctions;
    }

    /** The syscall names acceptable for the wait; {@link Syscalls#NONE} when it happens outside any. */
    public Set<String> syscalls() {
        return syscalls;
    }

    /** The {@code reason} the sample's blocking must get. */
    public String reason() {
        return reason;
    }

    /**
     * Whether the sample's own blocking can explain the episode: a preemption (task still runnable at
     * switch-out) can strike any sample but is the very thing only the oversubscription sample does.
     */
    public boolean isCausedBySample(OffCpuEvent event) {
        return reason.equals("preempted") || !"preempted".equals(event.reason());
    }

    public boolean isInBlockingMethod(OffCpuEvent event) {
        return event.hasJavaMethod(sampleClass.getName(), blockingMethod);
    }

    /** The JDK frame expected on the stack, or for a monitor, the sample's method on top of the Java frames. */
    public boolean hasExpectedJavaFrames(OffCpuEvent event) {
        if (jdkFrames.isEmpty()) {
            return event.topJavaFrame()
                    .map(f -> f.className().equals(sampleClass.getName())
                            && f.methodName().equals(blockingMethod))
                    .orElse(false);
        }
        return event.hasAnyJavaFrame(jdkFrames);
    }

    /** Asserts the blocked intervals' lengths against what the sample measured itself. */
    abstract void assertDurations(List<OffCpuEvent> inMethod, SampleReport.LoopStats stats);

    /**
     * Each call blocks once for {@code block}: at least 80% of the calls show an episode of at least
     * {@code block - 0.5 ms}; the median episode is at most {@code block + 10 ms}; none outlasts its call.
     */
    static void assertEachCallIsOneEpisode(Duration block, List<OffCpuEvent> inMethod, SampleReport.LoopStats stats) {
        assertFalse(inMethod.isEmpty(), "no episodes in the blocking method");
        long minNanos = block.minus(SHORTER_MARGIN).toNanos();
        long maxMedianNanos = block.plus(MEDIAN_LONGER_MARGIN).toNanos();
        long fullLength =
                inMethod.stream().filter(e -> e.durationNanos() >= minNanos).count();
        long medianNanos = inMethod.stream()
                .mapToLong(OffCpuEvent::durationNanos)
                .sorted()
                .skip(inMethod.size() / 2)
                .findFirst()
                .orElseThrow();
        assertAll(
                () -> assertTrue(
                        fullLength >= Math.floor(stats.blocks() * MIN_SHARE_OF_CALLS),
                        () -> fullLength
                                + " episodes of >= " + minNanos / 1e6 + " ms, expected one for at least 80% of the "
                                + stats.blocks() + " calls the sample made"),
                () -> assertTrue(
                        medianNanos >= minNanos && medianNanos <= maxMedianNanos,
                        () -> "median episode "
                                + medianNanos / 1e6 + " ms, expected between " + minNanos / 1e6 + " and "
                                + maxMedianNanos / 1e6 + " ms"),
                () -> assertNoEpisodeOutlastsItsCall(inMethod, stats));
    }

    /** An episode inside the method cannot be longer than the longest call the sample timed (1 ms slack). */
    static void assertNoEpisodeOutlastsItsCall(List<OffCpuEvent> inMethod, SampleReport.LoopStats stats) {
        long limitNanos = (stats.maxBlockMicros() + 1000) * 1000;
        List<String> tooLong = inMethod.stream()
                .filter(e -> e.durationNanos() > limitNanos)
                .map(OffCpuEvent::describe)
                .limit(5)
                .toList();
        assertTrue(
                tooLong.isEmpty(),
                () -> "episodes longer than the longest call the sample measured (" + stats.maxBlockMicros() / 1000.0
                        + " ms): " + tooLong);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The syscall field of an episode that did not begin inside a syscall. */
    static final class Syscalls {
        static final String NONE = "";
    }

    /** Kernel function sets shared by several samples. */
    private static final class Kernel {
        /** A futex wait: 6.18 {@code futex_do_wait}; 6.7+ {@code futex_wait_queue}; older {@code futex_wait_queue_me}. */
        static final Set<String> FUTEX_WAIT = Set.of(
                "futex_do_wait",
                "futex_wait_queue",
                "futex_wait_queue_me",
                "__futex_wait",
                "futex_wait",
                "do_futex",
                "__x64_sys_futex");
    }

    @Override
    public String toString() {
        return sampleClass.getSimpleName();
    }
}
