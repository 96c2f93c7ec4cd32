package io.offcpu.jfr;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The constant pools of our chunks: each distinct thread, stack trace, method, class, package,
 * symbol and frame type is encoded once, keeps its key for as long as it is retained, and every
 * chunk's checkpoint carries the entries that chunk uses (with what they refer to), copied from the
 * cached encoding. A stack seen in every chunk is encoded once, not once per chunk.
 *
 * <p>A key always names the same content. The JDK parser (17 and 25) carries pools over from one
 * chunk to the next, keyed by type id and constant key, and takes an already resolved value from the
 * previous chunk when a key repeats ({@code ConstantLookup.getPreviousResolved}); a reused key with
 * new content would show the old content. So when the retained entries pass their memory bound they
 * are all forgotten at a chunk boundary and new content gets new keys: keys keep counting up, and
 * {@link #generation()} tells holders of keys that theirs are gone. Our type ids are disjoint from
 * the JVM's for the same reason (see {@link OffCpuSchema}).
 */
final class ConstantPools {
    /** Encoded entries retained across chunks, at most (then all are forgotten at the next chunk). */
    static final long DEFAULT_MAX_RETAINED_BYTES = 4 << 20;
    /** Deepest nesting of constants (stack trace, method, class, package, symbol). */
    private static final int MAX_DEPTH = 8;

    private static final class Entry {
        final JfrType<?> type;
        final long key;
        final Object value;
        final byte[] bytes;
        final long[] dependencies;
        long usedInChunk;

        Entry(JfrType<?> type, long key, Object value, byte[] bytes, long[] dependencies) {
            this.type = type;
            this.key = key;
            this.value = value;
            this.bytes = bytes;
            this.dependencies = dependencies;
        }
    }

    private final TickClock clock;
    private final long maxRetainedBytes;
    private final Map<JfrType<?>, Map<Object, Entry>> byValue = new HashMap<>();
    private Entry[] byKey = new Entry[1024];
    private long firstKey = 1; // 0 means null to every reader
    private long nextKey = 1;
    private int generation;
    private long retainedBytes;

    private long chunk = 1;
    private final Entry[][] usedByType;
    private final int[] usedCount;
    private long usedBytes;

    private final PoolProbes.StackProbe stackProbe = new PoolProbes.StackProbe();
    private final PoolProbes.MethodProbe methodProbe = new PoolProbes.MethodProbe();

    private int depth;
    private final ByteSink[] encoding = new ByteSink[MAX_DEPTH];
    private final long[][] dependencies = new long[MAX_DEPTH][];
    private final int[] dependencyCount = new int[MAX_DEPTH];

    ConstantPools(TickClock clock) {
        this(clock, DEFAULT_MAX_RETAINED_BYTES);
    }

    ConstantPools(TickClock clock, long maxRetainedBytes) {
        this.clock = clock;
        this.maxRetainedBytes = maxRetainedBytes;
        int types = OffCpuSchema.allTypes().size();
        this.usedByType = new Entry[types][];
        this.usedCount = new int[types];
        for (int i = 0; i < MAX_DEPTH; i++) {
            encoding[i] = new ByteSink(256);
            dependencies[i] = new long[16];
        }
    }

    TickClock clock() {
        return clock;
    }

    /** Changes whenever retained entries were forgotten: keys handed out before are no longer valid. */
    int generation() {
        return generation;
    }

    /**
     * The key of {@code value} in the pool of {@code type}, adding (and encoding) it on first use;
     * the entry is part of the current chunk.
     */
    <V> long key(JfrType<V> type, V value) {
        if (value == null) {
            return 0;
        }
        Map<Object, Entry> pool = byValue.computeIfAbsent(type, t -> new HashMap<>());
        Entry entry = pool.get(value);
        if (entry == null) {
            entry = encode(type, value);
            pool.put(value, entry);
        }
        use(entry);
        return entry.key;
    }

    /**
     * The key of the stack trace of {@code frames[0..count)} (innermost first), 0 for an empty, untruncated
     * one; like {@link #key} with the {@link OffCpuSchema#stackOf stack} of those frames, but a stack
     * already pooled is found by content, without allocating (the frames are copied only when new).
     */
    long stackKey(Frame[] frames, int count, boolean truncated) {
        if (count == 0 && !truncated) {
            return 0;
        }
        long key = pooledKey(OffCpuSchema.STACK_TRACE, stackProbe.set(frames, count, truncated));
        stackProbe.clear();
        return key != 0
                ? key
                : key(OffCpuSchema.STACK_TRACE, new OffCpuSchema.StackRef(copyOf(frames, count), truncated));
    }

    /** An unmodifiable list of {@code frames[0..count)}, copied once (List.of would copy the copy again). */
    private static List<Frame> copyOf(Frame[] frames, int count) {
        return Collections.unmodifiableList(Arrays.asList(Arrays.copyOf(frames, count)));
    }

    /** The key of the method of {@code frame}, as {@link #key} of its MethodRef, found without making one. */
    long methodKey(Frame frame) {
        long key = pooledKey(OffCpuSchema.METHOD, methodProbe.set(frame));
        methodProbe.clear();
        return key != 0
                ? key
                : key(
                        OffCpuSchema.METHOD,
                        new OffCpuSchema.MethodRef(frame.className(), frame.methodName(), frame.descriptor()));
    }

    /** The key of the pooled value equal to {@code probe} (see {@link PoolProbes}), used as {@link #key} does; 0 if none. */
    private long pooledKey(JfrType<?> type, Object probe) {
        Map<Object, Entry> pool = byValue.get(type);
        Entry entry = pool == null ? null : pool.get(probe);
        if (entry == null) {
            return 0;
        }
        use(entry);
        return entry.key;
    }

    /**
     * The frames of the stack trace {@code key} (from {@link #stackKey}); none for 0; null when the key is not in
     * this generation (the pools forgot it since).
     */
    List<Frame> stackFrames(long key) {
        if (key == 0) {
            return List.of();
        }
        long index = key - firstKey;
        Entry entry = index >= 0 && key < nextKey ? byKey[(int) index] : null;
        return entry != null && entry.value instanceof OffCpuSchema.StackRef s ? s.frames() : null;
    }

    /** Puts the entry {@code key} (from {@link #key} in this generation) into the current chunk; 0 is null. */
    void use(long key) {
        if (key == 0) {
            return;
        }
        use(entryOf(key));
    }

    private Entry entryOf(long key) {
        long index = key - firstKey;
        Entry entry = index >= 0 && key < nextKey ? byKey[(int) index] : null;
        if (entry == null) {
            throw new IllegalArgumentException("constant key " + key + " is not in pool generation " + generation
                    + " (keys " + firstKey + " to " + (nextKey - 1) + ")");
        }
        return entry;
    }

    /*
     * Called for every constant of every event: the common case (already in this chunk) stays a few loads, and
     * the first use in a chunk is a call of its own, so that C2 does not inline the array growth and the
     * recursion into every caller (compiling `use` took C2 up to 0.1 s of the agent's start-up,
     * -XX:+LogCompilation).
     */
    private void use(Entry entry) {
        if (depth > 0) {
            addDependency(entry.key);
        }
        if (entry.usedInChunk != chunk) {
            addToChunk(entry);
        }
    }

    private void addToChunk(Entry entry) {
        entry.usedInChunk = chunk;
        int t = entry.type.index;
        Entry[] used = usedByType[t];
        if (used == null) {
            used = usedByType[t] = new Entry[64];
        } else if (usedCount[t] == used.length) {
            used = usedByType[t] = Arrays.copyOf(used, used.length * 2);
        }
        used[usedCount[t]++] = entry;
        usedBytes += entry.bytes.length;
        int outer = depth;
        depth = 0; // what an entry refers to is already its dependency, not the caller's
        try {
            for (long dependency : entry.dependencies) {
                use(byKey[(int) (dependency - firstKey)]);
            }
        } finally {
            depth = outer;
        }
    }

    private void addDependency(long key) {
        int d = depth - 1;
        long[] list = dependencies[d];
        if (dependencyCount[d] == list.length) {
            list = dependencies[d] = Arrays.copyOf(list, list.length * 2);
        }
        list[dependencyCount[d]++] = key;
    }

    private <V> Entry encode(JfrType<V> type, V value) {
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("constants nested deeper than " + MAX_DEPTH + " at type " + type.name);
        }
        long key = nextKey++;
        ByteSink out = encoding[depth];
        out.reset();
        dependencyCount[depth] = 0;
        depth++;
        try {
            out.putVarLong(key);
            type.writeFields(value, this, out);
        } finally {
            depth--;
        }
        Entry entry = new Entry(
                type, key, value, out.toByteArray(), Arrays.copyOf(dependencies[depth], dependencyCount[depth]));
        int index = (int) (key - firstKey);
        if (index >= byKey.length) {
            byKey = Arrays.copyOf(byKey, Math.max(byKey.length * 2, index + 1));
        }
        byKey[index] = entry;
        retainedBytes += entry.bytes.length + 64L;
        return entry;
    }

    /** Encoded size of the current chunk's entries, to bound the chunk. */
    long byteSize() {
        return usedBytes + 16L * usedCount.length;
    }

    boolean isEmpty() {
        for (int count : usedCount) {
            if (count > 0) {
                return false;
            }
        }
        return true;
    }

    /** Writes the pool part of a checkpoint event: pool count, then per pool type id, count, entries. */
    void writeTo(ByteSink out) {
        int nonEmpty = 0;
        for (int count : usedCount) {
            nonEmpty += count > 0 ? 1 : 0;
        }
        out.putVarInt(nonEmpty);
        List<JfrType<?>> types = OffCpuSchema.allTypes();
        for (int t = 0; t < usedCount.length; t++) {
            if (usedCount[t] == 0) {
                continue;
            }
            out.putVarLong(types.get(t).id);
            out.putVarInt(usedCount[t]);
            Entry[] used = usedByType[t];
            for (int i = 0; i < usedCount[t]; i++) {
                out.putBytes(used[i].bytes, 0, used[i].bytes.length);
            }
        }
    }

    /**
     * Starts the pools of the next chunk: no entry is in it yet. Past the memory bound every
     * retained entry is forgotten; keys keep counting up.
     */
    void startChunk() {
        chunk++;
        for (int t = 0; t < usedCount.length; t++) {
            if (usedByType[t] != null) {
                Arrays.fill(usedByType[t], 0, usedCount[t], null);
            }
            usedCount[t] = 0;
        }
        usedBytes = 0;
        if (retainedBytes > maxRetainedBytes) {
            byValue.clear();
            byKey = new Entry[1024];
            firstKey = nextKey;
            retainedBytes = 0;
            generation++;
        }
    }
}
