package io.offcpu.jni;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One tracing session of the kernel side: loaded and attached by {@link #open}, read by
 * {@link #poll}, released by {@link #close}. Not thread-safe: one consumer thread owns it.
 */
public final class OffCpuBpf implements AutoCloseable {
    private long handle;

    private OffCpuBpf(long handle) {
        this.handle = handle;
    }

    /**
     * Loads the BPF programs for the threads of process {@code tgid}; {@link #attach} starts them.
     *
     * @param ringBufferBytes a power of two, at least a page
     * @throws BpfException with a message naming what failed and what to do
     */
    public static OffCpuBpf open(int tgid, long thresholdNanos, int ringBufferBytes) {
        return open(tgid, thresholdNanos, 0, ringBufferBytes);
    }

    /**
     * Like {@link #open(int, long, int)}; with {@code samplingNanos} T &gt; 0 (at most
     * {@link KernelContract#MAX_SAMPLING_NS}) episodes
     * shorter than T are kept with probability d/T and weigh T, instead of the threshold.
     */
    public static OffCpuBpf open(int tgid, long thresholdNanos, long samplingNanos, int ringBufferBytes) {
        if (samplingNanos < 0 || samplingNanos > KernelContract.MAX_SAMPLING_NS) {
            throw new IllegalArgumentException("samplingNanos must be within 0.." + KernelContract.MAX_SAMPLING_NS
                    + " ns (about 4.29 s), was " + samplingNanos);
        }
        NativeLibrary.load();
        int nativeVersion = abiVersion();
        if (nativeVersion != KernelContract.ABI_VERSION) {
            throw new BpfException(
                    "liboffcpu.so speaks record version " + nativeVersion + " but this offcpu.jar expects "
                            + KernelContract.ABI_VERSION + "; use the library from the same build");
        }
        return new OffCpuBpf(open0(tgid, thresholdNanos, samplingNanos, ringBufferBytes));
    }

    /** Attaches the programs to the scheduler tracepoints: tracing starts. */
    public void attach() {
        attach0(handle);
    }

    /** Which hook flavour loaded: {@code tp_btf} or the {@code raw_tp} fallback. */
    public String attachMode() {
        return attachMode(handle);
    }

    /**
     * Instructions the kernel's verifier processed to load the program of that name (e.g.
     * {@code offcpu_switch_btf}): what its load cost in system time. -1 when no program of that name was
     * loaded, 0 when the kernel does not report it (before Linux 5.16).
     */
    public long verifiedInstructions(String program) {
        return verifiedInstructions(handle, program);
    }

    /**
     * Waits up to {@code timeoutMillis} for records and copies every available one into
     * {@code batch} (direct, native order); returns the number of bytes written.
     */
    public int poll(ByteBuffer batch, int timeoutMillis) {
        return poll(handle, batch, timeoutMillis);
    }

    public Counters counters() {
        long[] values = new long[KernelContract.COUNTER_COUNT];
        counters(handle, values);
        return new Counters(values);
    }

    /**
     * Reads the per-thread totals of every tracked thread of the target, now, into {@code buffer}
     * (direct, {@link KernelContract#TOTALS_SIZE} bytes each); returns the bytes written. Safe to call
     * from another thread than the poller.
     */
    public int threadTotals(ByteBuffer buffer) {
        return threadTotals(handle, buffer);
    }

    /**
     * Builds the unwind rows of the ELF file at {@code elfFile} from its {@code .eh_frame} (in C, the same rows
     * as {@code io.offcpu.symbols.UnwindTable}) and writes them at index {@code first}: nothing of them passes
     * through the Java heap. Returns their count; 0 when the file has none or they would not fit in
     * {@link KernelContract#MAX_UNWIND_ROWS}.
     *
     * @throws IOException when the file cannot be read or is not an x86_64 ELF file
     */
    public int loadUnwindRows(String elfFile, int first) throws IOException {
        return loadUnwindRows(handle, elfFile, first);
    }

    /** Writes {@code count} rows (struct offcpu_unwind_row each) at index {@code first}. */
    public void writeUnwindRows(int first, ByteBuffer rows, int count) {
        writeUnwindRows(handle, first, rows, count);
    }

    /** Replaces the sorted table of executable mappings. */
    public void writeMappings(MappingTable mappings) {
        writeMappings(handle, mappings.buffer(), mappings.count());
    }

    /** Where HotSpot's template interpreter code lives, so the walker notes its frames' Method*. */
    public void setInterpreter(long start, long end) {
        setInterpreter(handle, start, end);
    }

    /**
     * Tells the walker where this JVM's compiled code lives (its code heaps, from VMStructs), so it steps
     * over compiled frames by their size without frame pointers, code compiled a moment ago included.
     * Returns the number of code heaps, or -1 when this JVM's code cache cannot be described (the walker
     * then follows frame pointers only).
     */
    public int describeCodeCache() {
        return describeCodeCache(handle);
    }

    @Override
    public void close() {
        if (handle != 0) {
            close(handle);
            handle = 0;
        }
    }

    static native int abiVersion();

    /** At most this many bytes of records that did not fit a poll's buffer wait in native memory for the next. */
    public static native long overflowLimitBytes();

    private static native long open0(int tgid, long thresholdNanos, long samplingNanos, int ringBufferBytes);

    private static native int threadTotals(long handle, ByteBuffer out);

    private static native void attach0(long handle);

    private static native String attachMode(long handle);

    private static native long verifiedInstructions(long handle, String program);

    private static native int poll(long handle, ByteBuffer batch, int timeoutMillis);

    private static native void counters(long handle, long[] out);

    private static native int loadUnwindRows(long handle, String elfFile, int first) throws IOException;

    private static native void writeUnwindRows(long handle, int first, ByteBuffer rows, int count);

    private static native void writeMappings(long handle, ByteBuffer mappings, int count);

    private static native void setInterpreter(long handle, long start, long end);

    private static native void close(long handle);

    private static native int describeCodeCache(long handle);
}
