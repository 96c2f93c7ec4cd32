package io.offcpu.jni;

import static io.offcpu.jni.KernelContract.*;

import java.nio.ByteBuffer;

/**
 * {@link ThreadTotals} read in place in a buffer of totals records: the reading the consumer takes of every
 * thread once a second costs no object. Valid until it is bound to the next record.
 */
public final class ThreadTotalsView {
    private ByteBuffer buffer;
    private int at;

    void bind(ByteBuffer b, int offset) {
        this.buffer = b;
        this.at = offset;
    }

    public int tid() {
        return buffer.getInt(at + TOTALS_TID);
    }

    /** When the values were read, CLOCK_MONOTONIC ns. */
    public long timeNanos() {
        return buffer.getLong(at + TOTALS_TIME_NS);
    }

    /** Completed off-CPU time in {@code bucket} ({@code KernelContract.BUCKET_*}). */
    public long offCpuNanos(int bucket) {
        return buffer.getLong(at + TOTALS_OFF_CPU_NS + bucket * Long.BYTES);
    }

    public long runQueueNanos() {
        return buffer.getLong(at + TOTALS_RUN_QUEUE_NS);
    }

    public long voluntarySwitches() {
        return buffer.getLong(at + TOTALS_VOLUNTARY);
    }

    public long involuntarySwitches() {
        return buffer.getLong(at + TOTALS_INVOLUNTARY);
    }

    public long episodes() {
        return buffer.getLong(at + TOTALS_EPISODES);
    }

    public long unseenStarts() {
        return buffer.getLong(at + TOTALS_UNSEEN_STARTS);
    }

    public long openSinceNanos() {
        return buffer.getLong(at + TOTALS_OPEN_SINCE_NS);
    }

    public long openRunnableNanos() {
        return buffer.getLong(at + TOTALS_OPEN_RUNNABLE_NS);
    }

    public int openBucket() {
        return buffer.getInt(at + TOTALS_OPEN_BUCKET);
    }

    public boolean exited() {
        return (buffer.getInt(at + TOTALS_FLAGS) & TOTALS_EXITED) != 0;
    }

    /** As {@link ThreadTotals#offCpuNanosNow(int)}. */
    public long offCpuNanosNow(int bucket) {
        return offCpuNanos(bucket)
                + (openBucket() == bucket ? ThreadTotals.openNanos(timeNanos(), openSinceNanos()) : 0);
    }

    /** As {@link ThreadTotals#runQueueNanosNow()}. */
    public long runQueueNanosNow() {
        return runQueueNanos() + openRunQueueNanos();
    }

    /** As {@link ThreadTotals#openOffCpuNanos()}. */
    public long openOffCpuNanos() {
        return ThreadTotals.openNanos(timeNanos(), openSinceNanos());
    }

    /** As {@link ThreadTotals#openRunQueueNanos()}. */
    public long openRunQueueNanos() {
        return openSinceNanos() == 0 ? 0 : ThreadTotals.openNanos(timeNanos(), openRunnableNanos());
    }

    /** A copy that outlives the buffer. */
    public ThreadTotals toThreadTotals() {
        long[] offCpu = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            offCpu[i] = offCpuNanos(i);
        }
        return new ThreadTotals(
                tid(),
                timeNanos(),
                offCpu,
                runQueueNanos(),
                voluntarySwitches(),
                involuntarySwitches(),
                episodes(),
                unseenStarts(),
                openSinceNanos(),
                openRunnableNanos(),
                openBucket(),
                exited());
    }
}
