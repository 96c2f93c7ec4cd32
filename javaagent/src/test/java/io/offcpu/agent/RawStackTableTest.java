package io.offcpu.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.jni.EpisodeView;
import io.offcpu.jni.KernelContract;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Raw stacks, read in place from packed records, get one id per distinct content. */
class RawStackTableTest {
    private static final long[] KERNEL = {0xffffffff81000010L, 0xffffffff81000020L};
    private static final long[] USER = {0x7f0000001234L, 0x7f0000005678L, 0x7f000000abcdL};

    @Test
    void theSameStackGetsTheSameIdWhateverElseTheRecordSays() {
        RawStackTable table = new RawStackTable();
        int id = table.idOf(PackedRecords.episode(KERNEL, USER, 1, 0x7f00_1000L, 0x7f00_2000L));
        int again = table.idOf(PackedRecords.episode(
                202,
                5_000_000_000L,
                KernelContract.FLAG_IN_SYSCALL,
                KERNEL.clone(),
                USER.clone(),
                1,
                0x7f00_1000L,
                0x7f00_2000L));
        assertEquals(id, again);
        assertEquals(1, table.size());
    }

    @Test
    void anyDifferenceGivesAnotherId() {
        RawStackTable table = new RawStackTable();
        Set<Integer> ids = new HashSet<>();
        ids.add(table.idOf(PackedRecords.episode(KERNEL, USER, 1, 0x7f00_1000L, 0x7f00_2000L)));
        ids.add(table.idOf(
                PackedRecords.episode(new long[] {KERNEL[0], KERNEL[1] + 1}, USER, 1, 0x7f00_1000L, 0x7f00_2000L)));
        ids.add(table.idOf(PackedRecords.episode(
                KERNEL, new long[] {USER[0], USER[1], USER[2] + 8}, 1, 0x7f00_1000L, 0x7f00_2000L)));
        ids.add(table.idOf(PackedRecords.episode(KERNEL, USER, 2, 0x7f00_1000L, 0x7f00_2000L))); // frame index
        ids.add(table.idOf(PackedRecords.episode(KERNEL, USER, 1, 0x7f00_1008L, 0x7f00_2000L))); // Method*
        ids.add(table.idOf(PackedRecords.episode(KERNEL, USER, 1, 0x7f00_1000L, 0x7f00_2001L))); // bcp
        ids.add(table.idOf(PackedRecords.episode(KERNEL, USER))); // not interpreted
        ids.add(table.idOf(PackedRecords.episode(101, 1L, KernelContract.FLAG_USER_STACK_TRUNCATED, KERNEL, USER)));
        // The same words split differently between kernel and user stack.
        ids.add(table.idOf(
                PackedRecords.episode(new long[] {KERNEL[0]}, new long[] {KERNEL[1], USER[0], USER[1], USER[2]})));
        ids.add(table.idOf(PackedRecords.episode(new long[0], new long[0])));
        assertEquals(10, ids.size());
        assertEquals(10, table.size());
    }

    @Test
    void growsPastItsInitialCapacityForStacksInUseAndFindsEveryStackAgain() {
        RawStackTable table = new RawStackTable();
        int stacks = 5_000;
        int[] ids = new int[stacks];
        for (int i = 0; i < stacks; i++) {
            ids[i] = table.idOf(PackedRecords.episode(KERNEL, new long[] {USER[0], 0x7f0000100000L + 16L * i}));
            // seen again: in use
            assertEquals(ids[i], table.idOf(PackedRecords.episode(KERNEL, new long[] {USER[0], 0x7f0000100000L + 16L * i
            })));
        }
        assertEquals(stacks, table.size());
        for (int i = 0; i < stacks; i++) {
            assertEquals(ids[i], table.idOf(PackedRecords.episode(KERNEL, new long[] {USER[0], 0x7f0000100000L + 16L * i
            })));
            if (i > 0) {
                assertNotEquals(ids[i - 1], ids[i]);
            }
        }
        assertEquals(0, table.clears());
    }

    @Test
    void startsOverInsteadOfGrowingWhenFullOfStacksSeenOnce() {
        // A thread preempted while running leaves a stack it rarely has again: no room is made for those.
        RawStackTable table = new RawStackTable();
        int stacks = RawStackTable.WORKING_STACKS * 3 - 16; // fills it twice, and most of a third time
        EpisodeView inUse = PackedRecords.episode(KERNEL, USER);
        for (int i = 0; i < stacks; i++) {
            table.idOf(PackedRecords.episode(KERNEL, new long[] {USER[0], 0x7f0000100000L + 16L * i}));
            table.idOf(inUse);
        }
        assertEquals(2, table.clears());
        assertTrue(table.size() <= RawStackTable.WORKING_STACKS);
        int id = table.idOf(inUse);
        assertEquals(id, table.idOf(PackedRecords.episode(KERNEL, USER)), "the stack in use is found again");
    }

    @Test
    void forgetsEverythingAtItsBoundAndStartsOver() {
        RawStackTable table = new RawStackTable(4, 1 << 10);
        for (int i = 0; i < 4; i++) {
            assertEquals(i, table.idOf(PackedRecords.episode(KERNEL, new long[] {i})));
        }
        EpisodeView fifth = PackedRecords.episode(KERNEL, new long[] {4});
        assertEquals(0, table.idOf(fifth));
        assertEquals(1, table.clears());
        assertEquals(1, table.size());
        assertEquals(0, table.idOf(fifth));
        assertEquals(1, table.idOf(PackedRecords.episode(KERNEL, new long[] {0})));
    }
}
