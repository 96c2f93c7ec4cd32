package io.offcpu.agent;

/**
 * Names of the kernel state a thread left the CPU in (prev_state &amp; 0xff of sched_switch, with
 * preemption reported as runnable, as the tracepoint itself does).
 */
final class KernelStates {
    private KernelStates() {}

    static String name(int state) {
        return switch (state) {
            case 0 -> "runnable (preempted)";
            case 1 -> "sleeping (S)";
            case 2 -> "uninterruptible (D)";
            case 0x80 -> "dead";
            default ->
                (state & 2) != 0
                        ? "uninterruptible (D)"
                        : (state & 1) != 0 ? "sleeping (S)" : "state 0x" + Integer.toHexString(state);
        };
    }
}
