package io.offcpu.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SortedArraysTest {
    /** Addresses as the kernel's: the top half is above every user address, unsigned. */
    private static final long[] ADDRESSES = {0x1000, 0x2000, 0x2000, 0x7fff_0000_0000L, 0xffff_ffff_8100_0000L, -1L};

    @Test
    void floorUnsignedFindsTheEntryInForceAtAnAddress() {
        assertEquals(-1, SortedArrays.floorUnsigned(ADDRESSES, ADDRESSES.length, 0xfff));
        assertEquals(0, SortedArrays.floorUnsigned(ADDRESSES, ADDRESSES.length, 0x1000));
        assertEquals(0, SortedArrays.floorUnsigned(ADDRESSES, ADDRESSES.length, 0x1fff));
        assertEquals(2, SortedArrays.floorUnsigned(ADDRESSES, ADDRESSES.length, 0x2000), "of equal entries the last");
        assertEquals(3, SortedArrays.floorUnsigned(ADDRESSES, ADDRESSES.length, 0x7fff_ffff_ffffL));
        assertEquals(
                4,
                SortedArrays.floorUnsigned(ADDRESSES, ADDRESSES.length, 0xffff_ffff_8100_0010L),
                "a kernel address is above user ones, not negative");
        assertEquals(5, SortedArrays.floorUnsigned(ADDRESSES, ADDRESSES.length, -1L));
    }

    @Test
    void floorUnsignedLooksOnlyAtTheFirstSizeEntries() {
        assertEquals(1, SortedArrays.floorUnsigned(ADDRESSES, 2, -1L));
        assertEquals(-1, SortedArrays.floorUnsigned(ADDRESSES, 0, -1L));
    }

    @Test
    void floorOfIntsTakesTheLastOfEqualEntries() {
        int[] starts = {0, 4, 4, 10};
        assertEquals(-1, SortedArrays.floor(starts, -1));
        assertEquals(0, SortedArrays.floor(starts, 3));
        assertEquals(2, SortedArrays.floor(starts, 4));
        assertEquals(2, SortedArrays.floor(starts, 9));
        assertEquals(3, SortedArrays.floor(starts, 100));
        assertEquals(-1, SortedArrays.floor(new int[0], 5));
    }

    @Test
    void ceilingFindsTheFirstEntryAtOrAbove() {
        long[] pcs = {100, 200, 300};
        assertEquals(0, SortedArrays.ceiling(pcs, 50));
        assertEquals(1, SortedArrays.ceiling(pcs, 200));
        assertEquals(2, SortedArrays.ceiling(pcs, 201));
        assertEquals(3, SortedArrays.ceiling(pcs, 301), "past the end: the length");
    }
}
