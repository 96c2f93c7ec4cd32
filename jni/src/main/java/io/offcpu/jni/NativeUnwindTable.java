package io.offcpu.jni;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The unwind rows the JNI library builds from an ELF file's {@code .eh_frame} — what {@link OffCpuBpf#loadUnwindRows}
 * writes to the kernel — handed to Java, so tests can hold them against {@code io.offcpu.symbols.UnwindTable}
 * and readelf.
 */
public final class NativeUnwindTable {
    /**
     * @param rows         16 bytes per row (struct offcpu_unwind_row), little-endian, position 0
     * @param fdeCount     FDEs the rows were built from
     * @param problemCount records of {@code .eh_frame} that could not be parsed and were left out
     */
    public record Built(ByteBuffer rows, int rowCount, long fdeCount, long problemCount) {}

    private NativeUnwindTable() {}

    public static Built build(Path elfFile) throws IOException {
        NativeLibrary.load();
        long[] counts = new long[2];
        byte[] rows = build0(elfFile.toString(), counts);
        return new Built(
                ByteBuffer.wrap(rows).order(ByteOrder.LITTLE_ENDIAN),
                rows.length / KernelContract.UNWIND_ROW_SIZE,
                counts[0],
                counts[1]);
    }

    private static native byte[] build0(String elfFile, long[] counts) throws IOException;
}
