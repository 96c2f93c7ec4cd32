package io.offcpu.jni;

import static io.offcpu.jni.KernelContract.MAPPING_BIAS;
import static io.offcpu.jni.KernelContract.MAPPING_END;
import static io.offcpu.jni.KernelContract.MAPPING_FIRST_ROW;
import static io.offcpu.jni.KernelContract.MAPPING_ROW_COUNT;
import static io.offcpu.jni.KernelContract.MAPPING_SIZE;
import static io.offcpu.jni.KernelContract.MAPPING_START;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The executable mappings for the BPF user-stack walker (struct offcpu_mapping each), for {@link OffCpuBpf#writeMappings}. */
public final class MappingTable {
    private final ByteBuffer buffer;
    private final int count;

    /** A table of {@code count} mappings, all zero until {@link #put}. */
    public MappingTable(int count) {
        this.count = count;
        this.buffer = ByteBuffer.allocateDirect(count * MAPPING_SIZE).order(ByteOrder.nativeOrder());
    }

    /**
     * Sets mapping {@code index}: runtime addresses [start, end), ELF virtual address = runtime address - bias,
     * and its rows in the unwind row map ({@code rowCount} 0: walk it by frame pointer).
     */
    public void put(int index, long start, long end, long bias, int firstRow, int rowCount) {
        int at = index * MAPPING_SIZE;
        buffer.putLong(at + MAPPING_START, start)
                .putLong(at + MAPPING_END, end)
                .putLong(at + MAPPING_BIAS, bias)
                .putInt(at + MAPPING_FIRST_ROW, firstRow)
                .putInt(at + MAPPING_ROW_COUNT, rowCount);
    }

    public int count() {
        return count;
    }

    ByteBuffer buffer() {
        return buffer;
    }
}
