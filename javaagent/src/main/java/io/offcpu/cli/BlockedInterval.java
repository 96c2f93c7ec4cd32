package io.offcpu.cli;

import java.util.List;

/**
 * One {@code offcpu.OffCpu} event as the report sees it.
 *
 * @param startEpochNanos when the thread left the CPU, ns since the epoch
 * @param thread          the thread that was off the CPU
 * @param state           kernel state at switch-out as recorded ("sleeping (S)", "S", ...)
 * @param syscall         the system call it blocked in, "" when none
 * @param reason          one of {@link ReportReason#ALL}: the event's {@code reason} field when the
 *                        recording has one, else derived by {@link ReportReason#derive}
 * @param durationNanos   switch-out to switch-in
 * @param weightNanos     the off-CPU time this event stands for (what every sum uses)
 * @param frames          outermost first (root to leaf), as flame graphs stack them
 */
record BlockedInterval(long startEpochNanos, ReportThread thread, String state, String syscall, String reason,
        long durationNanos, long weightNanos, List<NamedFrame> frames) {

    BlockedInterval {
        frames = List.copyOf(frames);
    }

    /**
     * A frame's display name and its JFR frame type.
     *
     * @param name       {@code pkg.Class.method} for Java methods, the symbol for native and kernel frames
     * @param type       "Interpreted", "JIT compiled", "Inlined", "Native", "C++" or "Kernel"
     * @param javaMethod a Java method, including {@code native} Java methods such as {@code Unsafe.park}
     */
    record NamedFrame(String name, String type, boolean javaMethod) {
        boolean isKernel() {
            return type.equals("Kernel");
        }
    }
}
