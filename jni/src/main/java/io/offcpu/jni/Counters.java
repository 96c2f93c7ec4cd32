package io.offcpu.jni;

/**
 * The kernel side's counters (OFFCPU_COUNTERS in bpf/offcpu.h), summed over CPUs and read by their
 * generated index, e.g. {@code get(KernelContract.COUNTER_DROPPED)}: a counter added to the header
 * needs no change here.
 */
public final class Counters {
    private final long[] values;

    Counters(long[] values) {
        if (values.length != KernelContract.COUNTER_COUNT) {
            throw new IllegalArgumentException(
                    values.length + " counter values, expected " + KernelContract.COUNTER_COUNT);
        }
        this.values = values.clone();
    }

    /** The value of counter {@code index}, a {@code KernelContract.COUNTER_*}. */
    public long get(int index) {
        return values[index];
    }
}
