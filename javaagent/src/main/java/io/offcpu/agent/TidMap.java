package io.offcpu.agent;

import java.util.Arrays;

/**
 * A map from kernel tid (never 0) to a value, by open addressing on an int array: looked up for every
 * event, so no boxed key (a tid above 127 would allocate an Integer in a HashMap lookup).
 */
final class TidMap<V> {
    private int[] tids = new int[64];
    private Object[] values = new Object[64];
    private int size;

    @SuppressWarnings("unchecked")
    V get(int tid) {
        int mask = tids.length - 1;
        for (int i = mix(tid) & mask; ; i = (i + 1) & mask) {
            int t = tids[i];
            if (t == tid) {
                return (V) values[i];
            }
            if (t == 0) {
                return null;
            }
        }
    }

    void put(int tid, V value) {
        if (tid == 0) {
            throw new IllegalArgumentException("tid 0 is not a thread of this JVM");
        }
        if ((size + 1) * 2 > tids.length) {
            grow();
        }
        int mask = tids.length - 1;
        for (int i = mix(tid) & mask; ; i = (i + 1) & mask) {
            if (tids[i] == tid) {
                values[i] = value;
                return;
            }
            if (tids[i] == 0) {
                tids[i] = tid;
                values[i] = value;
                size++;
                return;
            }
        }
    }

    /** Removes {@code tid}, moving later entries of its probe run back so lookups still find them. */
    void remove(int tid) {
        int mask = tids.length - 1;
        int i = mix(tid) & mask;
        while (tids[i] != tid) {
            if (tids[i] == 0) {
                return;
            }
            i = (i + 1) & mask;
        }
        tids[i] = 0;
        values[i] = null;
        size--;
        for (int j = (i + 1) & mask; tids[j] != 0; j = (j + 1) & mask) {
            int home = mix(tids[j]) & mask;
            // Move j back into the hole at i unless its home lies cyclically in (i, j].
            boolean stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (!stays) {
                tids[i] = tids[j];
                values[i] = values[j];
                tids[j] = 0;
                values[j] = null;
                i = j;
            }
        }
    }

    int size() {
        return size;
    }

    void clear() {
        Arrays.fill(tids, 0);
        Arrays.fill(values, null);
        size = 0;
    }

    private void grow() {
        int[] oldTids = tids;
        Object[] oldValues = values;
        tids = new int[oldTids.length * 2];
        values = new Object[oldTids.length * 2];
        size = 0;
        for (int i = 0; i < oldTids.length; i++) {
            if (oldTids[i] != 0) {
                @SuppressWarnings("unchecked")
                V v = (V) oldValues[i];
                put(oldTids[i], v);
            }
        }
    }

    private static int mix(int tid) {
        int h = tid * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
