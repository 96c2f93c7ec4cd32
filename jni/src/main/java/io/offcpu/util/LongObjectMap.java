package io.offcpu.util;

import java.util.Arrays;

/**
 * A map from {@code long} keys to non-null values with no object per entry and no boxed key: the caches the
 * consumer asks for every frame of every stack (addresses, jmethodIDs) would otherwise allocate a {@code Long} per
 * lookup in the profiled application's heap. Open addressing with linear probing; no removal but {@link #clear}.
 * Not thread-safe.
 */
public final class LongObjectMap<V> {
    private static final int MIN_CAPACITY = 16;

    private long[] keys;
    private Object[] values;
    private int size;
    /** Grows past this many entries: a load factor of one half keeps probes short. */
    private int resizeAt;

    public LongObjectMap() {
        this(MIN_CAPACITY);
    }

    public LongObjectMap(int expectedSize) {
        allocate(tableSizeFor(expectedSize));
    }

    private static int tableSizeFor(int expectedSize) {
        int wanted = Math.max(MIN_CAPACITY, expectedSize * 2);
        return Integer.highestOneBit(wanted - 1) << 1;
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new Object[capacity];
        resizeAt = capacity / 2;
    }

    private static int slot(long key, int mask) {
        return (int) ((key * 0x9E37_79B9_7F4A_7C15L) >>> 32) & mask;
    }

    /** The value of {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public V get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            Object value = values[i];
            if (value == null) {
                return null;
            }
            if (keys[i] == key) {
                return (V) value;
            }
        }
    }

    /** Sets the value of {@code key} (not null); returns the previous one, or null. */
    @SuppressWarnings("unchecked")
    public V put(long key, V value) {
        if (value == null) {
            throw new IllegalArgumentException("null value for key " + key);
        }
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            Object old = values[i];
            if (old == null) {
                keys[i] = key;
                values[i] = value;
                if (++size > resizeAt) {
                    grow();
                }
                return null;
            }
            if (keys[i] == key) {
                values[i] = value;
                return (V) old;
            }
        }
    }

    public int size() {
        return size;
    }

    /** Forgets every entry, keeping the table's room. */
    public void clear() {
        Arrays.fill(values, null);
        size = 0;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        allocate(keys.length * 2);
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldValues[j] == null) {
                continue;
            }
            int i = slot(oldKeys[j], mask);
            while (values[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = oldKeys[j];
            values[i] = oldValues[j];
        }
    }
}
