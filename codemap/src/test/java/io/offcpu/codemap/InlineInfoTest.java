package io.offcpu.codemap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Flat scope chains keep each pc's chain with it, whatever order the pcs came in. */
class InlineInfoTest {
    @Test
    void chainsFollowTheirPcWhenSorted() {
        InlineInfo info = InlineInfo.of(List.of(
                new CodeEvent.PcFrames(0x30, new long[] {7}, new int[] {70}),
                new CodeEvent.PcFrames(0x10, new long[] {5, 6, 9}, new int[] {50, 60, 90}),
                new CodeEvent.PcFrames(0x20, new long[0], new int[0])));
        assertFalse(info.sortedByPc());
        InlineInfo sorted = info.sorted();
        assertTrue(sorted.sortedByPc());
        assertArrayEquals(new long[] {0x10, 0x20, 0x30}, sorted.pcs());
        assertArrayEquals(new int[] {0, 3, 3, 4}, sorted.chainStarts());
        assertArrayEquals(new long[] {5, 6, 9, 7}, sorted.methodIds());
        assertArrayEquals(new int[] {50, 60, 90, 70}, sorted.bcis());
    }
}
