package io.offcpu.jni;

import java.nio.ByteBuffer;

/** Records the native library writes through the C structs of bpf/offcpu.h (record_samples.c). */
final class RecordSamples {
    private RecordSamples() {}

    /** Writes an episode, a wakeup and thread totals, packed as the kernel side writes them; returns their bytes. */
    static native int write(ByteBuffer direct);
}
