package io.offcpu.codemap;

import io.offcpu.util.SortedArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

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
    private final InlineRecords inlineRecords;
    private final LongFunction<JavaMethod> methods;
    private volatile Chains chains;

    /**
     * Sorted by pc; the frames of pcs[i] are entries [chainStarts[i], chainStarts[i + 1]) of chainMethods and
     * chainBcis, innermost first (flat, as InlineInfo: a few arrays per method, not per pc). Made when a stack
     * first has a frame in this method.
     */
    private record Chains(long[] pcs, int[] chainStarts, JavaMethod[] chainMethods, int[] chainBcis) {}

    /** @param methods names a jmethodID of the chains, when they are first needed */
    JitMethod(
            JavaMethod method,
            long start,
            int size,
            long loadTimeNanos,
            boolean inlineInfoTruncated,
            InlineRecords inlineRecords,
            LongFunction<JavaMethod> methods) {
        this.method = method;
        this.start = start;
        this.size = size;
        this.loadTimeNanos = loadTimeNanos;
        this.inlineInfoTruncated = inlineInfoTruncated;
        this.inlineRecords = inlineRecords;
        this.methods = methods;
    }

    private Chains chains() {
        Chains c = chains;
        if (c == null) {
            InlineInfo reported = inlineRecords.info();
            InlineInfo info = reported.sortedByPc() ? reported : reported.sorted();
            long[] ids = info.methodIds();
            JavaMethod[] chainMethods = new JavaMethod[ids.length];
            for (int f = 0; f < ids.length; f++) {
                chainMethods[f] = methods.apply(ids[f]);
            }
            c = new Chains(info.pcs(), info.chainStarts(), chainMethods, info.bcis());
            chains = c; // racing makers make equal chains
        }
        return c;
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
        return chains().pcs().clone();
    }

    /**
     * The recorded pc whose {@link #frames} {@code pc} has, or {@code pc} itself when it takes no recorded one:
     * pcs with the same answer have the same frames. A preempted thread stops at pcs between recorded ones, a
     * new one each time, so the frames can be kept per answer instead of per pc. Allocates nothing once the
     * chains are decoded.
     */
    public long framesPc(long pc) {
        long[] pcs = chains().pcs();
        int i = SortedArrays.ceiling(pcs, pc);
        return !contains(pc) || i >= pcs.length ? pc : pcs[i];
    }

    /**
     * The Java frames executing at {@code pc}, innermost first and the compiled method
     * outermost (last). A pc between recorded ones takes the next recorded pc at or after it,
     * as HotSpot's own {@code find_pc_desc} does; return addresses from a stack walk match
     * exactly. A pc without recorded info gives the compiled method alone, bci and line -1.
     */
    public List<InlineFrame> frames(long pc) {
        Chains c = chains();
        long[] pcs = c.pcs();
        int[] chainStarts = c.chainStarts();
        int i = SortedArrays.ceiling(pcs, pc);
        if (!contains(pc) || i >= pcs.length || chainStarts[i] == chainStarts[i + 1]) {
            return List.of(new InlineFrame(method, -1, -1, false));
        }
        int first = chainStarts[i];
        int last = chainStarts[i + 1] - 1;
        List<InlineFrame> frames = new ArrayList<>(last - first + 1);
        for (int f = first; f <= last; f++) {
            JavaMethod m = c.chainMethods()[f];
            int bci = c.chainBcis()[f];
            frames.add(new InlineFrame(m, bci, m.lineAt(bci), f < last));
        }
        return frames;
    }

    @Override
    public String toString() {
        return name() + "@" + Long.toHexString(start) + "+" + Integer.toHexString(size);
    }
}
