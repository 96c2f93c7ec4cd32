package io.offcpu.codemap;

import java.util.Arrays;
import java.util.List;

/**
 * The scope chains HotSpot recorded for the pcs of one compiled method, flat: the chain of {@code pcs[i]}
 * is entries {@code [chainStarts[i], chainStarts[i + 1])} of {@code methodIds} and {@code bcis},
 * innermost first. A method has hundreds of pcs and the JVM thousands of methods; an object or two per
 * pc made the start-up replay of the code cache tens of MB of garbage in the application's heap.
 *
 * @param pcs         ascending as JVMTI reports them (see {@link #sortedByPc()})
 * @param chainStarts {@code pcs.length + 1} entries, the last the total length
 */
public record InlineInfo(long[] pcs, int[] chainStarts, long[] methodIds, int[] bcis) {
    public static final InlineInfo NONE = new InlineInfo(new long[0], new int[] {0}, new long[0], new int[0]);

    /** The chains of a few pcs, for tests and hand-made events. */
    public static InlineInfo of(List<CodeEvent.PcFrames> frames) {
        long[] pcs = new long[frames.size()];
        int[] starts = new int[frames.size() + 1];
        int total = 0;
        for (int i = 0; i < pcs.length; i++) {
            pcs[i] = frames.get(i).pc();
            starts[i] = total;
            total += frames.get(i).methodIds().length;
        }
        starts[pcs.length] = total;
        long[] methodIds = new long[total];
        int[] bcis = new int[total];
        for (int i = 0; i < pcs.length; i++) {
            System.arraycopy(frames.get(i).methodIds(), 0, methodIds, starts[i], starts[i + 1] - starts[i]);
            System.arraycopy(frames.get(i).bcis(), 0, bcis, starts[i], starts[i + 1] - starts[i]);
        }
        return new InlineInfo(pcs, starts, methodIds, bcis);
    }

    public int pcCount() {
        return pcs.length;
    }

    public boolean sortedByPc() {
        for (int i = 1; i < pcs.length; i++) {
            if (pcs[i - 1] > pcs[i]) {
                return false;
            }
        }
        return true;
    }

    /** The same chains ordered by pc (HotSpot reports them in order; this is for when it does not). */
    public InlineInfo sorted() {
        Integer[] order = new Integer[pcs.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Long.compare(pcs[a], pcs[b]));
        long[] sortedPcs = new long[pcs.length];
        int[] starts = new int[pcs.length + 1];
        long[] ids = new long[methodIds.length];
        int[] sortedBcis = new int[bcis.length];
        int at = 0;
        for (int i = 0; i < order.length; i++) {
            int from = chainStarts[order[i]];
            int length = chainStarts[order[i] + 1] - from;
            sortedPcs[i] = pcs[order[i]];
            starts[i] = at;
            System.arraycopy(methodIds, from, ids, at, length);
            System.arraycopy(bcis, from, sortedBcis, at, length);
            at += length;
        }
        starts[order.length] = at;
        return new InlineInfo(sortedPcs, starts, ids, sortedBcis);
    }
}
