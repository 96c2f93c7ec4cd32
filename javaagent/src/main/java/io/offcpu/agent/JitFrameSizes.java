package io.offcpu.agent;

import io.offcpu.codemap.CodeMap;
import io.offcpu.jni.OffCpuBpf;

/**
 * Keeps the walker's table of compiled-code frame sizes current, so Java stacks are walked whole without
 * {@code -XX:+PreserveFramePointer}: whenever the code map saw code installed or unloaded, the code cache is
 * read again (every blob's {@code CodeBlob::_frame_size}) and the new table published, at most once per
 * {@link #MIN_INTERVAL_NANOS}. Code compiled since the last refresh is walked by frame pointers until the
 * next one.
 */
final class JitFrameSizes {
    /** A refresh reads the whole code cache (~3 ms for 4,000 blobs here): at most a few percent of one core. */
    static final long MIN_INTERVAL_NANOS = 100_000_000L;

    private static final boolean DEBUG = Boolean.getBoolean("offcpu.debug.jitFrameSizes");

    private final OffCpuBpf bpf;
    private final CodeMap codeMap;
    private long seenChanges = -1;
    private long lastRefreshNanos;
    private int blobs = -1;

    JitFrameSizes(OffCpuBpf bpf, CodeMap codeMap) {
        this.bpf = bpf;
        this.codeMap = codeMap;
    }

    /** Refreshes the table if the code changed and the last refresh is old enough; true when it did. */
    boolean refreshIfChanged(long nowNanos) {
        long changes = codeMap.changeCount();
        if (changes == seenChanges || (seenChanges >= 0 && nowNanos - lastRefreshNanos < MIN_INTERVAL_NANOS)) {
            return false;
        }
        seenChanges = changes;
        lastRefreshNanos = nowNanos;
        blobs = bpf.writeJitFrameSizes();
        if (DEBUG) {
            System.err.printf("offcpu: %d JIT frame sizes in %d us%n", blobs, (System.nanoTime() - nowNanos) / 1000);
        }
        return true;
    }

    /** Blobs in the table at the last refresh; -1 before one, or when this JVM's code cache is unreadable. */
    int blobs() {
        return blobs;
    }
}
