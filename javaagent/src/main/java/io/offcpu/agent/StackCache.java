package io.offcpu.agent;

import io.offcpu.codemap.CodeBlob;
import io.offcpu.codemap.CodeMap;
import io.offcpu.jfr.Frame;
import io.offcpu.jfr.JfrString;
import io.offcpu.jfr.OffCpuChunkWriter;
import io.offcpu.jni.StackRecordView;
import io.offcpu.symbols.MemoryMapping;
import io.offcpu.symbols.NativeSymbolizer;
import io.offcpu.symbols.ProcessMaps;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The JFR stack and the reason of a record's stack, symbolized, classified and encoded only when the
 * raw stack is new (or what it means may have changed): the raw stack gets an id
 * ({@link RawStackTable}), and per id this keeps the stack's pool key and frames, and its
 * classification per (state, syscall).
 *
 * <p>What the same raw words mean can change, and then the cached stack is not used:
 * <ul>
 * <li>JIT code: an address names the code that was there at the record's time ({@link CodeMap#blobAt}).
 *     A stack with user frames is used as cached while the code map's {@link CodeMap#changeCount()}
 *     is the one it was cached with, for records later than the moment that count was first seen:
 *     every code change counted in it happened before, so the lookup of each address at any later
 *     time is the code present now, the same at every such time. Otherwise (the code changed, or the
 *     record is older) the code blob at each of its addresses at the record's time is compared with
 *     the blobs it was symbolized with: the same blobs give the same frames, a different one
 *     means symbolizing it anew. So a compilation elsewhere costs each stack one comparison, not a
 *     symbolization.
 * <li>native mappings: after they changed ({@link #mappingsChanged()}), a cached stack is used again
 *     once the mapping of each of its native frames is found the same;
 * <li>interpreted frames: a Method* of a class unloaded since may be reused for another method, so a
 *     change in the JVM's unloaded-class count drops every cached stack;
 * <li>the writer's constant pools, when it forgot its entries ({@link OffCpuChunkWriter#poolGeneration()}).
 * </ul>
 */
final class StackCache {
    /** A stack's reason and detail, pre-encoded for the event. */
    record EncodedReason(JfrString reason, JfrString detail) {}

    private static final long NO_REASON = Long.MIN_VALUE;
    /** Cached (state, syscall) classifications per stack: one stack rarely blocks in more ways. */
    private static final int REASON_WAYS = 2;

    private static final long INDEPENDENT_OF_CODE = -1;
    /** A code count no batch has: the blobs are compared before the stack is used. */
    private static final long STALE_COUNT = -2;

    private final RawStackTable table;
    private final StackSymbolizer symbolizer;
    private final NativeSymbolizer natives;
    private final CodeMap code;
    private final OffCpuChunkWriter writer;
    private final LongSupplier unloadedClasses;
    private final Map<ReasonClassifier.Classification, EncodedReason> encodedReasons = new HashMap<>();

    private long[] stackKeys = new long[256];
    private int[] epochs = new int[256];
    private long[] codeCounts = new long[256];
    private Object[] frames = new Object[256];
    /**
     * Per id, 1 + where the code of its user frames starts in {@link #userCode}; 0 for none yet. A raw stack's
     * user frames are the same in number each time, so an id keeps its place when symbolized again.
     */
    private int[] userCodeAt = new int[256];
    /**
     * Per user frame of each cached stack, what it was symbolized from: the {@link CodeBlob} at its address,
     * or where there is none (native code) its {@link MemoryMapping} (null when unmapped). One array for all
     * stacks instead of two per stack: a stack new to the cache costs no allocation here (until it grows).
     */
    private Object[] userCode = new Object[4096];

    private int userCodeSize;
    private int[] mappingsEpochs = new int[256];
    private long[] reasonKeys = new long[256 * REASON_WAYS];
    private EncodedReason[] reasons = new EncodedReason[256 * REASON_WAYS];

    /** Cached entries of another epoch are stale; 0 is never current. */
    private int epoch = 1;

    private int mappingsEpoch;
    private long tableClears;
    private long codeCount = Long.MIN_VALUE;
    private long codeHorizonNanos;
    private long unloaded = Long.MIN_VALUE;
    private int poolGeneration;

    private int currentId;
    private List<Frame> currentFrames;
    private final FrameBuffer symbolized = new FrameBuffer();

    private long hits;
    private long misses;
    private long revalidated;

    StackCache(
            StackSymbolizer symbolizer,
            NativeSymbolizer natives,
            CodeMap code,
            OffCpuChunkWriter writer,
            LongSupplier unloadedClasses) {
        this(new RawStackTable(), symbolizer, natives, code, writer, unloadedClasses);
    }

    StackCache(
            RawStackTable table,
            StackSymbolizer symbolizer,
            NativeSymbolizer natives,
            CodeMap code,
            OffCpuChunkWriter writer,
            LongSupplier unloadedClasses) {
        this.table = table;
        this.symbolizer = symbolizer;
        this.natives = natives;
        this.code = code;
        this.writer = writer;
        this.unloadedClasses = unloadedClasses;
        this.poolGeneration = writer.poolGeneration();
    }

    /** Takes note of code and class changes, once per batch (after its code events were applied). */
    void beginBatch() {
        long count = code.changeCount();
        if (count != codeCount) {
            codeCount = count;
            codeHorizonNanos = System.nanoTime();
        }
        long u = unloadedClasses.getAsLong();
        if (u != unloaded) {
            unloaded = u;
            epoch++;
            symbolizer.classesUnloaded();
        }
    }

    /** Forgets every cached stack. */
    void invalidate() {
        epoch++;
    }

    /**
     * The process's executable file mappings changed (a library loaded or unloaded): each cached
     * stack compares the mappings of its native frames once before it is used again.
     */
    void mappingsChanged() {
        mappingsEpoch++;
    }

    /** Cached stacks used, and stacks symbolized, so far. */
    long hits() {
        return hits;
    }

    long misses() {
        return misses;
    }

    /** Cached stacks used after comparing the code at their addresses (the code map had changed). */
    long revalidated() {
        return revalidated;
    }

    /**
     * The pool key of the stack of {@code record} (0 for none) at {@code timeNanos}; {@link #reason}
     * then answers for this stack.
     */
    long stackKey(StackRecordView record, long timeNanos) {
        int generation = writer.poolGeneration();
        if (generation != poolGeneration) {
            poolGeneration = generation;
            epoch++;
        }
        int id = table.idOf(record);
        if (table.clears() != tableClears) {
            tableClears = table.clears();
            Arrays.fill(epochs, 0); // ids now name other stacks
            Arrays.fill(userCodeAt, 0);
            Arrays.fill(userCode, 0, userCodeSize, null);
            userCodeSize = 0;
        }
        ensureCapacity(id);
        boolean dependsOnCode = record.userFrames() > 0;
        if (epochs[id] == epoch && mappingsEpochs[id] != mappingsEpoch) {
            if (sameMappingsAsCached(id, record)) {
                mappingsEpochs[id] = mappingsEpoch;
            } else {
                epochs[id] = 0;
            }
        }
        if (epochs[id] == epoch) {
            long cachedCount = codeCounts[id];
            if (cachedCount == INDEPENDENT_OF_CODE || cachedCount == codeCount && timeNanos >= codeHorizonNanos) {
                hits++;
                currentId = id;
                return stackKeys[id];
            }
            if (sameCodeAsCached(id, record, timeNanos)) {
                // The code changed elsewhere, or the record predates the last change: the same blobs
                // are at its addresses at its time, so the same frames.
                revalidated++;
                if (timeNanos >= codeHorizonNanos) {
                    codeCounts[id] = codeCount;
                }
                currentId = id;
                return stackKeys[id];
            }
        }
        misses++;
        long countBefore = code.changeCount();
        symbolizer.frames(record, timeNanos, symbolized);
        long key = writer.stackKey(symbolized.array(), symbolized.size(), record.stackTruncated());
        List<Frame> stack = writer.stackFrames(key);
        if (stack == null) { // another thread's flush made the writer forget its constants: rare, the event is too
            stack = List.of(Arrays.copyOf(symbolized.array(), symbolized.size()));
        }
        symbolized.clear();
        // A record older than the last code change does not replace a cached stack that newer ones use.
        boolean cacheable = (!dependsOnCode || code.changeCount() == countBefore)
                && (epochs[id] != epoch || timeNanos >= codeHorizonNanos);
        if (cacheable) {
            stackKeys[id] = key;
            epochs[id] = epoch;
            // Cached for records after the count's horizon; others compare the blobs first.
            codeCounts[id] = !dependsOnCode
                    ? INDEPENDENT_OF_CODE
                    : countBefore == codeCount && timeNanos >= codeHorizonNanos ? codeCount : STALE_COUNT;
            if (dependsOnCode) {
                noteUserCode(id, record, timeNanos);
                if (code.changeCount() != countBefore) {
                    epochs[id] = 0; // the drain thread changed the code meanwhile: what was noted may not match
                }
            }
            mappingsEpochs[id] = mappingsEpoch;
            frames[id] = stack;
            for (int w = 0; w < REASON_WAYS; w++) {
                reasonKeys[id * REASON_WAYS + w] = NO_REASON;
                reasons[id * REASON_WAYS + w] = null;
            }
            currentId = id;
        } else {
            currentId = -1;
            currentFrames = stack;
        }
        return key;
    }

    /**
     * Notes what each user frame of stack {@code id} was symbolized from: the code blob at its address at
     * {@code timeNanos}, else the mapping of its native address. The same blobs and mappings give the same frames.
     */
    private void noteUserCode(int id, StackRecordView record, long timeNanos) {
        int n = record.userFrames();
        int at = userCodeAt[id] - 1;
        if (at < 0) {
            at = userCodeSize;
            if (at + n > userCode.length) {
                userCode = Arrays.copyOf(userCode, Math.max(userCode.length * 2, at + n));
            }
            userCodeSize += n;
            userCodeAt[id] = at + 1;
        }
        ProcessMaps maps = natives.maps();
        for (int i = 0; i < n; i++) {
            CodeBlob blob = code.blobAt(codeAddress(record, i), timeNanos);
            userCode[at + i] = blob != null ? blob : maps.mappingAt(nativeAddress(record, i));
        }
    }

    private boolean sameCodeAsCached(int id, StackRecordView record, long timeNanos) {
        int at = userCodeAt[id] - 1;
        if (at < 0) {
            return false;
        }
        for (int i = 0; i < record.userFrames(); i++) {
            Object cached = userCode[at + i];
            CodeBlob blob = cached instanceof CodeBlob b ? b : null;
            if (code.blobAt(codeAddress(record, i), timeNanos) != blob) {
                return false;
            }
        }
        return true;
    }

    /** Whether the native frames of stack {@code id} are in the mappings they were symbolized from. */
    private boolean sameMappingsAsCached(int id, StackRecordView record) {
        int at = userCodeAt[id] - 1;
        if (at < 0) {
            return record.userFrames() == 0;
        }
        ProcessMaps maps = natives.maps();
        for (int i = 0; i < record.userFrames(); i++) {
            Object cached = userCode[at + i];
            if (!(cached instanceof CodeBlob) && !Objects.equals(maps.mappingAt(nativeAddress(record, i)), cached)) {
                return false;
            }
        }
        return true;
    }

    /** As the symbolizer looks up a native frame: a return address points after its call, so the call itself. */
    private static long nativeAddress(StackRecordView record, int i) {
        long address = record.userAddress(i);
        return i == 0 ? address : address - 1;
    }

    /** The address the symbolizer looks up in the code map (the return address itself). */
    private static long codeAddress(StackRecordView record, int i) {
        return record.userAddress(i);
    }

    /** Why a thread was off the CPU with the stack last given to {@link #stackKey}, in this state and syscall. */
    @SuppressWarnings("unchecked")
    EncodedReason reason(int state, long syscallNumber) {
        if (currentId < 0) {
            return classify(state, syscallNumber, currentFrames);
        }
        long key = (long) state << 32 | (syscallNumber & 0xFFFF_FFFFL);
        int base = currentId * REASON_WAYS;
        for (int w = 0; w < REASON_WAYS; w++) {
            if (reasonKeys[base + w] == key) {
                return reasons[base + w];
            }
        }
        EncodedReason reason = classify(state, syscallNumber, (List<Frame>) frames[currentId]);
        for (int w = REASON_WAYS - 1; w > 0; w--) {
            reasonKeys[base + w] = reasonKeys[base + w - 1];
            reasons[base + w] = reasons[base + w - 1];
        }
        reasonKeys[base] = key;
        reasons[base] = reason;
        return reason;
    }

    private EncodedReason classify(int state, long syscallNumber, List<Frame> stack) {
        ReasonClassifier.Classification c = ReasonClassifier.classify(state, Syscalls.name(syscallNumber), stack);
        return encodedReasons.computeIfAbsent(
                c,
                k -> new EncodedReason(
                        JfrString.of(k.reason().value()), JfrString.of(k.detail() == null ? "" : k.detail())));
    }

    private void ensureCapacity(int id) {
        if (id < epochs.length) {
            return;
        }
        int capacity = Math.max(epochs.length * 2, id + 1);
        stackKeys = Arrays.copyOf(stackKeys, capacity);
        epochs = Arrays.copyOf(epochs, capacity);
        codeCounts = Arrays.copyOf(codeCounts, capacity);
        frames = Arrays.copyOf(frames, capacity);
        userCodeAt = Arrays.copyOf(userCodeAt, capacity);
        mappingsEpochs = Arrays.copyOf(mappingsEpochs, capacity);
        reasonKeys = Arrays.copyOf(reasonKeys, capacity * REASON_WAYS);
        reasons = Arrays.copyOf(reasons, capacity * REASON_WAYS);
    }
}
