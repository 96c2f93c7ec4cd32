package io.offcpu.codemap;

import java.util.Arrays;

/**
 * Placed blobs sorted by start address in two parallel arrays, so that the floor search behind every frame
 * lookup is a binary search over a {@code long[]}: no boxed key and no map entry allocated per lookup (a
 * {@code TreeMap}'s {@code floorEntry} allocates one each time, which was most of what the consumer allocated in a
 * busy server). Blobs at the same start keep the order they were added in. Inserting and removing move the
 * arrays' tails, which is cheap next to how rarely code is installed compared to how often it is looked up.
 */
final class PlacedBlobs {
    private static final int INITIAL_CAPACITY = 256;

    private long[] starts = new long[INITIAL_CAPACITY];
    private PlacedBlob[] blobs = new PlacedBlob[INITIAL_CAPACITY];
    private int size;

    int size() {
        return size;
    }

    PlacedBlob at(int index) {
        return blobs[index];
    }

    /** The index of the last blob starting at or below {@code address}, -1 when none does. */
    int floor(long address) {
        int low = 0;
        int high = size - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (starts[mid] <= address) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    /** The index of the first blob starting at or above {@code address}; {@link #size()} when none does. */
    int ceiling(long address) {
        int i = floor(address);
        while (i >= 0 && starts[i] == address) {
            i--;
        }
        return i + 1;
    }

    /** Adds {@code placed} after every blob starting at or below its start. */
    void insert(PlacedBlob placed) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            blobs = Arrays.copyOf(blobs, size * 2);
        }
        int at = floor(placed.start()) + 1;
        System.arraycopy(starts, at, starts, at + 1, size - at);
        System.arraycopy(blobs, at, blobs, at + 1, size - at);
        starts[at] = placed.start();
        blobs[at] = placed;
        size++;
    }

    void removeAt(int index) {
        System.arraycopy(starts, index + 1, starts, index, size - index - 1);
        System.arraycopy(blobs, index + 1, blobs, index, size - index - 1);
        size--;
        blobs[size] = null;
    }

    /** Removes this very blob; false if it is not here. */
    boolean remove(PlacedBlob placed) {
        for (int i = floor(placed.start()); i >= 0 && starts[i] == placed.start(); i--) {
            if (blobs[i] == placed) {
                removeAt(i);
                return true;
            }
        }
        return false;
    }
}
