package io.offcpu.jfr;

/**
 * One {@code offcpu.Wakeup} event with its threads and stack as constant-pool keys, reusable like
 * {@link OffCpuFields}; the fields mean what {@link WakeupEvent}'s components mean.
 */
public final class WakeupFields {
    public long timeNanos;
    /** Key of the waker thread. */
    public long wakerKey;
    /** Key of the waker's stack, 0 for none. */
    public long stackKey;
    /** Key of the woken thread. */
    public long wokenKey;

    public long wakeupId;
    public int cpu;
}
