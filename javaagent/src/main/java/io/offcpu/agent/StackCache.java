package io.offcpu.agent;

import io.offcpu.codemap.CodeMap;
import io.offcpu.jfr.Frame;
import io.offcpu.jfr.JfrString;
import io.offcpu.jfr.OffCpuChunkWriter;
import io.offcpu.jni.StackRecordView;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The JFR stack and the reason of a record's stack, symbolized, classified and encoded only when the
 * raw stack is new (or what it means may have changed): the raw stack gets an id
 * ({@link RawStackTable}), and per id this keeps the stack's pool key and frames, and its
 * classification per (state, syscall).
 *
 * <p>What the same raw words mean can change, and then the cached stack is not used:
 * <ul>
 * <li>JIT code: an address names the code that was there at the record's time ({@link CodeMap#lookup}).
 *     A stack with user frames is cached with the code map's {@link CodeMap#changeCount()}, and only
 *     for records later than the moment that count was first seen: every code change counted in it
 *     happened before, so the lookup of each address at any later time is the code present now,
 *     the same at every such time. A different count, or an older record, is symbolized anew.
 * <li>native mappings ({@link #invalidate()} when they change);
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

    private final RawStackTable table;
    private final StackSymbolizer symbolizer;
    private final CodeMap code;
    private final OffCpuChunkWriter writer;
    private final LongSupplier unloadedClasses;
    private final Map<ReasonClassifier.Classification, EncodedReason> encodedReasons = new HashMap<>();

    private long[] stackKeys = new long[256];
    private int[] epochs = new int[256];
    private long[] codeCounts = new long[256];
    private Object[] frames = new Object[256];
    private long[] reasonKeys = new long[256 * REASON_WAYS];
    private EncodedReason[] reasons = new EncodedReason[256 * REASON_WAYS];

    /** Cached entries of another epoch are stale; 0 is never current. */
    private int epoch = 1;
    private long tableClears;
    private long codeCount = Long.MIN_VALUE;
    private long codeHorizonNanos;
    private long unloaded = Long.MIN_VALUE;
    private int poolGeneration;

    private int currentId;
    private List<Frame> currentFrames;

    private long hits;
    private long misses;

    StackCache(StackSymbolizer symbolizer, CodeMap code, OffCpuChunkWriter writer, LongSupplier unloadedClasses) {
        this(new RawStackTable(), symbolizer, code, writer, unloadedClasses);
    }

    StackCache(RawStackTable table, StackSymbolizer symbolizer, CodeMap code, OffCpuChunkWriter writer,
            LongSupplier unloadedClasses) {
        this.table = table;
        this.symbolizer = symbolizer;
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
        }
    }

    /** Forgets every cached stack (native mappings changed). */
    void invalidate() {
        epoch++;
    }

    /** Cached stacks used, and stacks symbolized, so far. */
    long hits() {
        return hits;
    }

    long misses() {
        return misses;
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
        }
        ensureCapacity(id);
        boolean dependsOnCode = record.userFrames() > 0;
        if (epochs[id] == epoch && (codeCounts[id] == INDEPENDENT_OF_CODE
                || codeCounts[id] == codeCount && timeNanos >= codeHorizonNanos)) {
            hits++;
            currentId = id;
            return stackKeys[id];
        }
        misses++;
        List<Frame> symbolized = symbolizer.frames(record, timeNanos);
        long key = writer.stackKey(symbolized, record.stackTruncated());
        boolean cacheable = !dependsOnCode || timeNanos >= codeHorizonNanos && code.changeCount() == codeCount;
        if (cacheable) {
            stackKeys[id] = key;
            epochs[id] = epoch;
            codeCounts[id] = dependsOnCode ? codeCount : INDEPENDENT_OF_CODE;
            frames[id] = symbolized;
            for (int w = 0; w < REASON_WAYS; w++) {
                reasonKeys[id * REASON_WAYS + w] = NO_REASON;
                reasons[id * REASON_WAYS + w] = null;
            }
            currentId = id;
        } else {
            currentId = -1;
            currentFrames = symbolized;
        }
        return key;
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
        return encodedReasons.computeIfAbsent(c,
                k -> new EncodedReason(JfrString.of(k.reason().value()), JfrString.of(k.detail() == null ? "" : k.detail())));
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
        reasonKeys = Arrays.copyOf(reasonKeys, capacity * REASON_WAYS);
        reasons = Arrays.copyOf(reasons, capacity * REASON_WAYS);
    }
}
