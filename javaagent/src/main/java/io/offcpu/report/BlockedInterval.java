package io.offcpu.report;

import java.util.List;

/**
 * One {@code offcpu.OffCpu} event as the report sees it.
 *
 * @param startEpochNanos when the thread left the CPU, ns since the epoch
 * @param thread          the thread that was off the CPU
 * @param state           kernel state at switch-out as recorded ("sleeping (S)", "S", ...)
 * @param syscall         the system call it blocked in, "" when none
 * @param reason          the event's {@code reason}, one of {@link ReportReason#ALL}
 * @param reasonDetail    the event's {@code reasonDetail} ("park", "ThreadPoolExecutor.getTask"), "" when none
 * @param durationNanos   switch-out to switch-in
 * @param weightNanos     the off-CPU time this event stands for (what every sum uses)
 * @param frames          outermost first (root to leaf), as flame graphs stack them
 * @param waker           what ended the episode: the thread that woke it and its stack at the wakeup
 */
record BlockedInterval(
        long startEpochNanos,
        ReportThread thread,
        String state,
        String syscall,
        String reason,
        String reasonDetail,
        long durationNanos,
        long weightNanos,
        List<NamedFrame> frames,
        ReportWaker waker) {

    BlockedInterval {
        frames = List.copyOf(frames);
    }

    /** Waiting for work ({@code idle}): reports show it apart from the waits that cost the application time. */
    boolean idle() {
        return ReportReason.IDLE.equals(reason);
    }

    /** The same episode with other names for its thread and waker (the report names each tid once). */
    BlockedInterval withThreads(ReportThread thread, ReportWaker waker) {
        return new BlockedInterval(
                startEpochNanos,
                thread,
                state,
                syscall,
                reason,
                reasonDetail,
                durationNanos,
                weightNanos,
                frames,
                waker);
    }

    /**
     * A frame's display name and its JFR frame type.
     *
     * @param name       {@code pkg.Class.method} for Java methods, the symbol for native and kernel frames
     * @param type       "Interpreted", "JIT compiled", "Inlined", "Native", "C++" or "Kernel"
     * @param javaMethod a Java method, including {@code native} Java methods such as {@code Unsafe.park}
     * @param line       source line of a Java frame, 0 or less when unknown
     */
    record NamedFrame(String name, String type, boolean javaMethod, int line) {
        /** A frame whose line is not known or not wanted. */
        NamedFrame(String name, String type, boolean javaMethod) {
            this(name, type, javaMethod, -1);
        }

        boolean isKernel() {
            return type.equals("Kernel");
        }
    }
}
