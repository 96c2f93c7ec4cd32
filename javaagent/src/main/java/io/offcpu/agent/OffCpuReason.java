package io.offcpu.agent;

/**
 * Why a thread was off the CPU: the fixed set of values of the {@code reason} field of
 * {@code offcpu.OffCpu}, documented in the README. {@link ReasonClassifier} decides which one.
 */
public enum OffCpuReason {
    /** Runnable but not running: preempted by another task or yielded (involuntary switch). */
    PREEMPTED("preempted"),
    /** Waiting for another thread: Java monitor, Object.wait, java.util.concurrent park, JVM-internal lock. */
    LOCK("lock"),
    /**
     * Waiting for work: a pool worker with an empty queue, a JVM service thread between tasks
     * ({@link IdleWaits}). Costs the application nothing, so reports keep it apart from the other waits.
     */
    IDLE("idle"),
    /** Sleeping for a time: Thread.sleep, nanosleep. */
    SLEEP("sleep"),
    /** Waiting for the network: socket read/write/accept/connect, poll, epoll, select. */
    NETWORK("network"),
    /** Waiting for the disk: fsync, reads and writes blocked in the block layer. */
    DISK_IO("disk-io"),
    /** Blocked in a page fault (outside a syscall or on user memory a syscall touched). */
    PAGE_FAULT("page-fault"),
    /** Any other kernel wait (pipes, child processes, kernel locks, unknown). */
    OTHER("other");

    private final String value;

    OffCpuReason(String value) {
        this.value = value;
    }

    /** The string written to the recording. */
    public String value() {
        return value;
    }
}
