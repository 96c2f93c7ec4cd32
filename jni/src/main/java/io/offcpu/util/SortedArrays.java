package io.offcpu.util;

import java.util.Arrays;

/**
 * Searches of sorted arrays by "the entry in force at a key": the one binary search behind every symbol, mapping,
 * unwind-row, line-table and pc lookup.
 */
public final class SortedArrays {
    private SortedArrays() {}

    /**
     * The index of the last of the first {@code size} entries of {@code sorted} (ascending as unsigned values, as
     * addresses are) that is at or below {@code key}; -1 when every entry is above it. Of equal entries, the last.
     */
    public static int floorUnsigned(long[] sorted, int size, long key) {
        int low = 0;
        int high = size - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (Long.compareUnsigned(sorted[mid], key) <= 0) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    /** The index of the last entry of ascending {@code sorted} at or below {@code key}, -1 when none; of equal ones, the last. */
    public static int floor(int[] sorted, int key) {
        int i = Arrays.binarySearch(sorted, key);
        if (i < 0) {
            return -i - 2;
        }
        while (i + 1 < sorted.length && sorted[i + 1] == key) {
            i++;
        }
        return i;
    }

    /** The index of the first entry of ascending, distinct {@code sorted} at or above {@code key}; its length when none. */
    public static int ceiling(long[] sorted, long key) {
        int i = Arrays.binarySearch(sorted, key);
        return i < 0 ? -i - 1 : i;
    }
}
