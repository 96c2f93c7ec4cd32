package io.offcpu.jfr;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The constant pools of the chunk being built: each distinct thread, stack trace, method, class,
 * package, symbol and frame type is encoded once and referenced by key.
 *
 * <p>Keys are never reused for the lifetime of a writer, even though the pools are emptied with every
 * chunk. The JDK parser (17 and 25) carries pools over from one chunk to the next, keyed by type id
 * and constant key, and takes an already resolved value from the previous chunk when a key repeats
 * ({@code ConstantLookup.getPreviousResolved}); a reused key with new content would show the old
 * content. Our type ids are disjoint from the JVM's for the same reason (see {@link OffCpuSchema}).
 */
final class ConstantPools {

    private static final class Pool {
        final ByteSink bytes = new ByteSink(1024);
        final Map<Object, Long> keys = new HashMap<>();
        boolean encoding;
    }

    private final TickClock clock;
    private final Map<JfrType<?>, Pool> pools = new LinkedHashMap<>();
    private long nextKey = 1; // 0 means null to every reader

    ConstantPools(TickClock clock) {
        this.clock = clock;
    }

    TickClock clock() {
        return clock;
    }

    /** The key of {@code value} in the pool of {@code type}, adding (and encoding) it on first use. */
    <V> long key(JfrType<V> type, V value) {
        if (value == null) {
            return 0;
        }
        Pool pool = pools.computeIfAbsent(type, t -> new Pool());
        Long existing = pool.keys.get(value);
        if (existing != null) {
            return existing;
        }
        if (pool.encoding) {
            // Would interleave two entries in one buffer; none of our types refers to itself.
            throw new IllegalStateException("recursive constant of type " + type.name);
        }
        long key = nextKey++;
        pool.keys.put(value, key);
        pool.encoding = true;
        try {
            pool.bytes.putVarLong(key);
            type.writeFields(value, this, pool.bytes);
        } finally {
            pool.encoding = false;
        }
        return key;
    }

    /** Encoded size of all entries, to bound the chunk. */
    long byteSize() {
        long total = 0;
        for (Pool p : pools.values()) {
            total += p.bytes.size() + 16;
        }
        return total;
    }

    boolean isEmpty() {
        return pools.values().stream().allMatch(p -> p.keys.isEmpty());
    }

    /** Writes the pool part of a checkpoint event: pool count, then per pool type id, count, entries. */
    void writeTo(ByteSink out) {
        int nonEmpty = (int) pools.values().stream().filter(p -> !p.keys.isEmpty()).count();
        out.putVarInt(nonEmpty);
        for (Map.Entry<JfrType<?>, Pool> e : pools.entrySet()) {
            Pool p = e.getValue();
            if (p.keys.isEmpty()) {
                continue;
            }
            out.putVarLong(e.getKey().id);
            out.putVarInt(p.keys.size());
            out.putAll(p.bytes);
        }
    }

    /** Starts the pools of the next chunk; keys keep counting up. */
    void clear() {
        pools.clear();
    }
}
