package io.offcpu.jni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java readers read what C writes: records filled field by field through the structs of bpf/offcpu.h by the
 * native library come back with every value in its place, so a reader using an offset or a width other than the
 * generated {@link KernelContract} fails here.
 */
class KernelContractTest {
    private static List<Object> decoded;

    @BeforeAll
    static void decodeTheNativeSamples() {
        System.setProperty(NativeLibrary.PATH_PROPERTY, "target/classes/native/linux-x86_64/liboffcpu.so");
        NativeLibrary.load();
        ByteBuffer batch = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.nativeOrder());
        int length = RecordSamples.write(batch);
        assertTrue(length > 0, "the native samples fit the buffer");
        decoded = DecodedRecords.of(batch, length);
        assertEquals(3, decoded.size(), "an episode, a wakeup and thread totals: " + decoded);
    }

    @Test
    void theLibraryIsOfTheGeneratedAbiVersion() {
        assertEquals(KernelContract.ABI_VERSION, OffCpuBpf.abiVersion());
    }

    @Test
    void everyEpisodeFieldIsReadFromWhereCWroteIt() {
        Episode e = (Episode) decoded.get(0);
        assertEquals(1_000_000_001L, e.startNanos());
        assertEquals(2_000_000_002L, e.durationNanos());
        assertEquals(3_000_000_003L, e.runQueueNanos());
        assertEquals(-4, e.syscallNumber());
        assertEquals(5_000_000_005L, e.weightNanos());
        assertEquals(6_000_000_006L, e.wakeupId());
        assertEquals(7007, e.tid());
        assertEquals(8008, e.tgid());
        assertEquals(9009, e.wakerTid());
        assertEquals(10010, e.wakerTgid());
        assertEquals(2, e.state());
        assertEquals(11, e.cpuOut());
        assertEquals(12, e.cpuIn());
        assertEquals("sample-waker", e.wakerName());
        assertTrue(e.has(KernelContract.FLAG_IN_SYSCALL) && e.has(KernelContract.FLAG_SAMPLED));
        assertFalse(e.has(KernelContract.FLAG_MERGED) || e.stackTruncated());
        assertArrayEquals(new long[] {0xffffffff81000001L, 0xffffffff81000002L}, e.kernelStack());
        assertArrayEquals(new long[] {0x7f0000000001L, 0x7f0000000002L, 0x7f0000000003L}, e.userStack());
        assertArrayEquals(
                new Episode.InterpretedFrame[] {new Episode.InterpretedFrame(2, 0x7f00000a0000L, 0x7f00000b0000L)},
                e.interpretedFrames());
    }

    @Test
    void everyWakeupFieldIsReadFromWhereCWroteIt() {
        Wakeup w = (Wakeup) decoded.get(1);
        assertEquals(13_000_000_013L, w.timeNanos());
        assertEquals(6_000_000_006L, w.wakeupId());
        assertEquals(9009, w.wakerTid());
        assertEquals(10010, w.wakerTgid());
        assertEquals(7007, w.wokenTid());
        assertEquals(14, w.cpu());
        assertEquals(KernelContract.FLAG_USER_STACK_TRUNCATED, w.flags());
        assertArrayEquals(new long[] {0xffffffff82000001L}, w.kernelStack());
        assertArrayEquals(new long[] {0x7f0000000011L, 0x7f0000000012L}, w.userStack());
        assertArrayEquals(
                new Episode.InterpretedFrame[] {new Episode.InterpretedFrame(1, 0x7f00000c0000L, 0)},
                w.interpretedFrames());
    }

    @Test
    void theWalkerReadsEveryMappingFieldWhereJavaWroteIt() {
        MappingTable table = new MappingTable(2);
        table.put(1, 0x7f00_0000_1000L, 0x7f00_0000_9000L, 0x7f00_0000_0000L, 4242, 17);
        assertArrayEquals(
                new long[] {0x7f00_0000_1000L, 0x7f00_0000_9000L, 0x7f00_0000_0000L, 4242, 17},
                RecordSamples.readMapping(table.buffer(), 1));
        assertArrayEquals(new long[5], RecordSamples.readMapping(table.buffer(), 0), "an entry not put is all zero");
    }

    @Test
    void everyThreadTotalsFieldIsReadFromWhereCWroteIt() {
        ThreadTotals t = (ThreadTotals) decoded.get(2);
        assertEquals(7007, t.tid());
        assertEquals(15_000_000_015L, t.timeNanos());
        assertEquals(16, t.offCpuNanos()[KernelContract.BUCKET_SLEEPING]);
        assertEquals(17, t.offCpuNanos()[KernelContract.BUCKET_UNINTERRUPTIBLE]);
        assertEquals(18, t.offCpuNanos()[KernelContract.BUCKET_PREEMPTED]);
        assertEquals(19, t.runQueueNanos());
        assertEquals(20, t.voluntarySwitches());
        assertEquals(21, t.involuntarySwitches());
        assertEquals(22, t.episodes());
        assertEquals(23, t.unseenStarts());
        assertEquals(24, t.openSinceNanos());
        assertEquals(25, t.openRunnableNanos());
        assertEquals(KernelContract.BUCKET_UNINTERRUPTIBLE, t.openBucket());
        assertTrue(t.exited());
    }
}
