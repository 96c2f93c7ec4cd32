package io.offcpu.jni;

import java.nio.ByteBuffer;

/** Records the native library writes, and reads, through the C structs of bpf/offcpu.h (record_samples.c). */
final class RecordSamples {
    private RecordSamples() {}

    /** Writes an episode, a wakeup and thread totals, packed as the kernel side writes them; returns their bytes. */
    static native int write(ByteBuffer direct);

    /** Mapping {@code index} of a table as the C side reads it: start, end, bias, first_row, row_count. */
    static native long[] readMapping(ByteBuffer direct, int index);
}
