package io.offcpu.cli;

import java.util.List;

/**
 * One off-CPU event as the report sees it.
 *
 * @param frames outermost first (root to leaf), as flame graphs stack them
 */
record BlockedInterval(String thread, long osThreadId, String state, String syscall, long durationNanos,
        long weightNanos, List<NamedFrame> frames) {

    /** A frame's display name and its JFR frame type ("Kernel", "JIT compiled", ...). */
    record NamedFrame(String name, String type) {}
}
