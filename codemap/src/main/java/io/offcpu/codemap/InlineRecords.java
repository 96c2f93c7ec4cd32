package io.offcpu.codemap;

import static io.offcpu.codemap.CodeMapContract.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A compiled method's scope chains as the native side recorded them (pc records, each followed by its frames;
 * layout in codemap.h), copied with one bulk copy and decoded into an {@link InlineInfo} only when a stack first
 * has a frame in that method. The JVM compiles thousands of methods and few of them are ever where a thread
 * blocks: decoding every pc of every method as it was compiled was the code path C2 spent the most time on in
 * the agent's start-up in the profiled JVM.
 *
 * <p>Thread-safe: the code-event drain makes it, the consumer decodes it.
 */
public final class InlineRecords {
    public static final InlineRecords NONE = decoded(InlineInfo.NONE);

    private byte[] raw;
    private final int pcCount;
    private InlineInfo info;

    private InlineRecords(byte[] raw, int pcCount, InlineInfo info) {
        this.raw = raw;
        this.pcCount = pcCount;
        this.info = info;
    }

    /** Chains already decoded (tests, hand-made events). */
    public static InlineRecords decoded(InlineInfo info) {
        return new InlineRecords(null, info.pcCount(), info);
    }

    /** Copies {@code length} bytes of {@code pcCount} pc records at {@code offset} of {@code in}. */
    static InlineRecords copiedFrom(ByteBuffer in, int offset, int length, int pcCount) {
        if (pcCount == 0) {
            return NONE;
        }
        byte[] raw = new byte[length];
        in.get(offset, raw);
        return new InlineRecords(raw, pcCount, null);
    }

    /** How many pcs have a chain, known without decoding. */
    public int pcCount() {
        return pcCount;
    }

    /**
     * The chains, decoded on first use. Records that do not hold what their counts say (a native side bug, not
     * input from outside the process) give no chains: the method's frames then name the compiled method alone.
     */
    public synchronized InlineInfo info() {
        if (info == null) {
            info = decode(ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder()), pcCount);
            raw = null;
        }
        return info;
    }

    private static InlineInfo decode(ByteBuffer in, int pcCount) {
        // First pass: the chain lengths, checked against the bytes, so the arrays are made once.
        int[] chainStarts = new int[pcCount + 1];
        int at = 0;
        int total = 0;
        for (int p = 0; p < pcCount; p++) {
            if (in.limit() - at < PC_SIZE) {
                return InlineInfo.NONE;
            }
            int frameCount = in.getInt(at + PC_FRAME_COUNT);
            at += PC_SIZE;
            if (frameCount < 0 || (in.limit() - at) / FRAME_SIZE < frameCount) {
                return InlineInfo.NONE;
            }
            chainStarts[p] = total;
            total += frameCount;
            at += frameCount * FRAME_SIZE;
        }
        chainStarts[pcCount] = total;
        long[] pcs = new long[pcCount];
        long[] methodIds = new long[total];
        int[] bcis = new int[total];
        at = 0;
        for (int p = 0; p < pcCount; p++) {
            pcs[p] = in.getLong(at + PC_PC);
            at += PC_SIZE;
            for (int f = chainStarts[p]; f < chainStarts[p + 1]; f++, at += FRAME_SIZE) {
                methodIds[f] = in.getLong(at + FRAME_METHOD_ID);
                bcis[f] = in.getInt(at + FRAME_BCI);
            }
        }
        return new InlineInfo(pcs, chainStarts, methodIds, bcis);
    }
}
