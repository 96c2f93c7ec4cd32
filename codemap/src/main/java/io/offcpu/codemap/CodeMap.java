package io.offcpu.codemap;

import io.offcpu.util.LongObjectMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which code was at an address at a given time. Built from the code events in stream order
 * ({@link #apply}); answers {@link #blobAt} for stack frames of past episodes, so code that was
 * unloaded or overwritten since still resolves, within a bounded history.
 *
 * <p>Times are System.nanoTime() values. HotSpot posts CompiledMethodLoad from the
 * ServiceThread after the code is installed (JDK 9+), so an event's time can be a little later
 * than the first moment the code ran; a lookup that finds no code at an address at its time
 * falls back to the first code placed there after that time.
 *
 * <p>Thread-safe: the consumer may look up while a drain thread applies events.
 *
 * <p>Lookups repeat: the same return addresses occur in stack after stack. Each answer that was live
 * code is remembered by address, and stays right for as long as that blob stays live, whatever else
 * was compiled or unloaded meanwhile (live ranges never overlap). No lookup allocates: the consumer asks for every
 * frame of every stack, in the profiled application's heap.
 */
public final class CodeMap {
    /** Retired blobs kept for lookups of older times, by default. */
    public static final int DEFAULT_HISTORY_LIMIT = 100_000;

    private final int historyLimit;
    private final LongObjectMap<JavaMethod> methods = new LongObjectMap<>();
    // Code present now, by start address; live ranges never overlap (an overlapping load retires).
    private final PlacedBlobs live = new PlacedBlobs();
    // Code gone since, by start address, and the same blobs oldest first for eviction.
    private final PlacedBlobs retired = new PlacedBlobs();
    private final ArrayDeque<PlacedBlob> retiredOrder = new ArrayDeque<>();
    private long largestRetiredSize;
    private long lowestAddress = Long.MAX_VALUE;
    private long changes;
    private long highestEnd = Long.MIN_VALUE;

    /** Remembered answers, direct-mapped by address; a power of two. */
    private static final int MEMO_SLOTS = 1 << 12;

    private final long[] memoAddresses = new long[MEMO_SLOTS];
    private final PlacedBlob[] memoEntries = new PlacedBlob[MEMO_SLOTS];

    public CodeMap() {
        this(DEFAULT_HISTORY_LIMIT);
    }

    /** @param historyLimit how many unloaded or overwritten blobs to remember, at least 0 */
    public CodeMap(int historyLimit) {
        if (historyLimit < 0) {
            throw new IllegalArgumentException("historyLimit must be >= 0, got " + historyLimit);
        }
        this.historyLimit = historyLimit;
    }

    /**
     * Applies one event in stream order.
     *
     * @return the blob that became present, or empty (METHOD records, unloads, duplicates of
     *     a blob already present, e.g. a load seen live and again in the start() replay)
     */
    public synchronized Optional<CodeBlob> apply(CodeEvent event) {
        if (event instanceof CodeEvent.Method m) {
            methods.put(m.method().id(), m.method());
            return Optional.empty();
        } else if (event instanceof CodeEvent.CompiledLoad load) {
            return install(jitMethod(load), load.timestampNanos());
        } else if (event instanceof CodeEvent.DynamicCode code) {
            NamedStub stub = new NamedStub(
                    code.name(),
                    code.codeStart(),
                    code.codeSize(),
                    code.replayed() ? CodeBlob.LOADED_BEFORE_START : code.timestampNanos());
            return install(stub, code.timestampNanos());
        } else if (event instanceof CodeEvent.CompiledUnload unload) {
            int i = liveIndexAt(unload.codeStart());
            if (i >= 0
                    && live.at(i).blob instanceof JitMethod jit
                    && jit.method().id() == unload.methodId()) {
                PlacedBlob entry = live.at(i);
                live.removeAt(i);
                retire(entry, unload.timestampNanos());
                changes++;
            }
            return Optional.empty();
        }
        throw new IllegalArgumentException("unknown code event " + event);
    }

    /** The code at {@code address} at {@code timeNanos} (System.nanoTime()), or null if none is known. */
    public synchronized CodeBlob blobAt(long address, long timeNanos) {
        if (address < lowestAddress || address >= highestEnd) {
            return null; // outside every code blob ever seen: native code, not JIT
        }
        int slot = memoSlot(address);
        PlacedBlob remembered = memoEntries[slot];
        if (remembered != null
                && memoAddresses[slot] == address
                && remembered.live()
                && remembered.blob.loadTimeNanos() <= timeNanos) {
            return remembered.blob;
        }
        int floor = live.floor(address);
        PlacedBlob current = floor >= 0 && live.at(floor).blob.contains(address) ? live.at(floor) : null;
        if (current != null && current.blob.loadTimeNanos() <= timeNanos) {
            memoAddresses[slot] = address;
            memoEntries[slot] = current;
            return current.blob;
        }
        PlacedBlob atTime = null;
        PlacedBlob firstAfter = current;
        for (int r = retired.floor(address); r >= 0 && address - retired.at(r).start() < largestRetiredSize; r--) {
            PlacedBlob old = retired.at(r);
            if (!old.blob.contains(address)) {
                continue;
            }
            if (old.presentAt(timeNanos)) {
                if (atTime == null || old.blob.loadTimeNanos() > atTime.blob.loadTimeNanos()) {
                    atTime = old;
                }
            } else if (old.blob.loadTimeNanos() > timeNanos
                    && (firstAfter == null || old.blob.loadTimeNanos() < firstAfter.blob.loadTimeNanos())) {
                firstAfter = old;
            }
        }
        PlacedBlob found = atTime != null ? atTime : firstAfter;
        return found == null ? null : found.blob;
    }

    private static int memoSlot(long address) {
        return (int) ((address * 0x9E37_79B9_7F4A_7C15L) >>> (64 - Integer.numberOfTrailingZeros(MEMO_SLOTS)));
    }

    /** A method named by a METHOD record, by jmethodID. */
    public synchronized Optional<JavaMethod> method(long methodId) {
        return Optional.ofNullable(methods.get(methodId));
    }

    /** The code present now, by address. */
    public synchronized List<CodeBlob> liveBlobs() {
        List<CodeBlob> blobs = new ArrayList<>(live.size());
        for (int i = 0; i < live.size(); i++) {
            blobs.add(live.at(i).blob);
        }
        return blobs;
    }

    /** Counts code installed or unloaded so far: a different value means the live code changed. */
    public synchronized long changeCount() {
        return changes;
    }

    /** How many unloaded or overwritten blobs are remembered. */
    public synchronized int historySize() {
        return retiredOrder.size();
    }

    private JitMethod jitMethod(CodeEvent.CompiledLoad load) {
        return new JitMethod(
                methodOrUnknown(load.methodId()),
                load.codeStart(),
                load.codeSize(),
                load.replayed() ? CodeBlob.LOADED_BEFORE_START : load.timestampNanos(),
                load.truncated(),
                load.inlineRecords(),
                this::namedMethod);
    }

    /** The method of a jmethodID in an inline chain, named when a stack first needs the chain. */
    private synchronized JavaMethod namedMethod(long id) {
        return methodOrUnknown(id);
    }

    private JavaMethod methodOrUnknown(long id) {
        JavaMethod method = methods.get(id);
        return method != null ? method : JavaMethod.unknown(id);
    }

    private Optional<CodeBlob> install(CodeBlob blob, long eventTimeNanos) {
        int sameStart = liveIndexAt(blob.start());
        if (sameStart >= 0) {
            CodeBlob same = live.at(sameStart).blob;
            if (same.size() == blob.size() && sameCode(same, blob)) {
                return Optional.empty();
            }
        }
        // Whatever overlaps the new code is gone, even if its unload event was never seen.
        int first = live.ceiling(blob.start());
        if (first > 0 && live.at(first - 1).blob.contains(blob.start())) {
            first--;
        }
        while (first < live.size() && live.at(first).start() < blob.end()) {
            PlacedBlob gone = live.at(first);
            live.removeAt(first);
            retire(gone, eventTimeNanos);
        }
        live.insert(new PlacedBlob(blob));
        changes++;
        lowestAddress = Math.min(lowestAddress, blob.start());
        highestEnd = Math.max(highestEnd, blob.end());
        return Optional.of(blob);
    }

    /** The index of the live blob starting exactly at {@code start}, -1 when none does. */
    private int liveIndexAt(long start) {
        int i = live.floor(start);
        return i >= 0 && live.at(i).start() == start ? i : -1;
    }

    private static boolean sameCode(CodeBlob a, CodeBlob b) {
        if (a instanceof JitMethod x && b instanceof JitMethod y) {
            return x.method().id() == y.method().id();
        }
        return a instanceof NamedStub x && b instanceof NamedStub y && x.name().equals(y.name());
    }

    private void retire(PlacedBlob entry, long unloadTimeNanos) {
        entry.unloadTimeNanos = Math.max(unloadTimeNanos, entry.blob.loadTimeNanos());
        if (historyLimit == 0) {
            return;
        }
        retired.insert(entry);
        retiredOrder.addLast(entry);
        largestRetiredSize = Math.max(largestRetiredSize, Integer.toUnsignedLong(entry.blob.size()));
        while (retiredOrder.size() > historyLimit) {
            retired.remove(retiredOrder.removeFirst());
        }
    }
}
