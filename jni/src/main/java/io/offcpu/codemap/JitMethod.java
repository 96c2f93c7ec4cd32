package io.offcpu.codemap;

import io.offcpu.util.SortedArrays;
import java.util.ArrayList;
import java.util.List;

/**
 * A JIT-compiled Java method with the scope chains HotSpot recorded for its pcs (call return
 * addresses and safepoints), so a pc resolves to the inlined methods and their lines.
 */
public final class JitMethod implements CodeBlob {
    private final JavaMethod method;
    private final long start;
    private final int size;
    private final long loadTimeNanos;
    private final boolean inlineInfoTruncated;
    // Sorted by pc; frames of pcs[i] are frameMethods[i] / frameBcis[i], innermost first.
    private final long[] pcs;
    private final JavaMethod[][] frameMethods;
    private final int[][] frameBcis;

    JitMethod(JavaMethod method, long start, int size, long loadTimeNanos, boolean inlineInfoTruncated,
              long[] pcs, JavaMethod[][] frameMethods, int[][] frameBcis) {
        this.method = method;
        this.start = start;
        this.size = size;
        this.loadTimeNanos = loadTimeNanos;
        this.inlineInfoTruncated = inlineInfoTruncated;
        this.pcs = pcs;
        this.frameMethods = frameMethods;
        this.frameBcis = frameBcis;
    }

    /** The compiled (outermost) method. */
    public JavaMethod method() {
        return method;
    }

    @Override
    public long start() {
        return start;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long loadTimeNanos() {
        return loadTimeNanos;
    }

    @Override
    public String name() {
        return method.displayName();
    }

    /** True if the native side cut the inline info to fit its record size limit. */
    public boolean inlineInfoTruncated() {
        return inlineInfoTruncated;
    }

    /** The pcs that have a recorded scope chain, ascending. */
    public long[] pcs() {
        return pcs.clone();
    }

    /**
     * The Java frames executing at {@code pc}, innermost first and the compiled method
     * outermost (last). A pc between recorded ones takes the next recorded pc at or after it,
     * as HotSpot's own {@code find_pc_desc} does; return addresses from a stack walk match
     * exactly. A pc without recorded info gives the compiled method alone, bci and line -1.
     */
    public List<InlineFrame> frames(long pc) {
        int i = SortedArrays.ceiling(pcs, pc);
        if (!contains(pc) || i >= pcs.length || frameMethods[i].length == 0) {
            return List.of(new InlineFrame(method, -1, -1, false));
        }
        JavaMethod[] methods = frameMethods[i];
        int[] bcis = frameBcis[i];
        List<InlineFrame> frames = new ArrayList<>(methods.length);
        for (int f = 0; f < methods.length; f++) {
            frames.add(new InlineFrame(methods[f], bcis[f], methods[f].lineAt(bcis[f]), f < methods.length - 1));
        }
        return frames;
    }

    @Override
    public String toString() {
        return name() + "@" + Long.toHexString(start) + "+" + Integer.toHexString(size);
    }
}
