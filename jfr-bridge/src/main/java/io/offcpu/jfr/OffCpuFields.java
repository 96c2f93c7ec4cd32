package io.offcpu.jfr;

/**
 * One {@code offcpu.OffCpu} event as the consumer writes it: a reusable, mutable set of fields whose
 * thread and stack are constant-pool keys ({@link OffCpuChunkWriter#threadKey},
 * {@link OffCpuChunkWriter#stackKey}) and whose strings are pre-encoded, so writing an event
 * allocates nothing. The fields mean what {@link OffCpuEvent}'s components mean.
 */
public final class OffCpuFields {
    public long startNanos;
    public long durationNanos;
    /** Key of the thread that was off the CPU. */
    public long threadKey;
    /** Key of its stack, 0 for none. */
    public long stackKey;

    public JfrString reason = JfrString.EMPTY;
    public JfrString reasonDetail = JfrString.EMPTY;
    public JfrString state = JfrString.EMPTY;
    public JfrString syscall = JfrString.EMPTY;
    public long runQueueLatencyNanos;
    /** Key of the waker thread, 0 for none. */
    public long wakerKey;

    public JfrString wokenBy = JfrString.EMPTY;
    public int cpu;
    public int cpuIn;
    public long weightNanos;
    public boolean stackTruncated;
    public long wakeupId;
}
