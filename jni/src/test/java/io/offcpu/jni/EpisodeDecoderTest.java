package io.offcpu.jni;

import static io.offcpu.jni.KernelContract.*;
import static io.offcpu.jni.StackRecordView.packedSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Records packed as the kernel side writes them (header offsets generated from bpf/offcpu.h, stacks
 * after the header) decode field by field.
 */
class EpisodeDecoderTest {
    /** An episode with two kernel, three user frames and one interpreted frame. */
    private static final int EPISODE_SIZE = packedSize(HEADER_SIZE, 2, 3, 1);

    private static ByteBuffer batch(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }

    /** Writes a packed episode at {@code at}; returns its size. */
    private static int writeEpisode(ByteBuffer b, int at, int tid, long[] kernel, long[] user) {
        int size = packedSize(HEADER_SIZE, kernel.length, user.length, 1);
        int userAt = at + HEADER_SIZE + kernel.length * KERNEL_FRAME_SIZE;
        int interpretedAt = userAt + user.length * USER_FRAME_SIZE;
        b.putInt(at + RECORD_TYPE, RECORD_EPISODE).putInt(at + RECORD_SIZE, size);
        b.putLong(at + START_NS, 1_000_000_000L + tid)
                .putLong(at + DURATION_NS, 50_000_000L)
                .putLong(at + RUN_QUEUE_NS, 12_345L)
                .putLong(at + SYSCALL_NR, 202);
        b.putInt(at + TID, tid)
                .putInt(at + TGID, 4242)
                .putInt(at + WAKER_TID, 77)
                .putInt(at + WAKER_TGID, 4242)
                .putInt(at + STATE, 1)
                .putInt(at + CPU_OUT, 1)
                .putInt(at + CPU_IN, 0)
                .putInt(at + FLAGS, KernelContract.FLAG_IN_SYSCALL | KernelContract.FLAG_MERGED);
        b.putShort(at + KERNEL_FRAMES, (short) kernel.length)
                .putShort(at + USER_FRAMES, (short) user.length)
                .putShort(at + INTERPRETED_FRAMES, (short) 1);
        byte[] comm = "waker-thread".getBytes(StandardCharsets.US_ASCII);
        b.put(at + WAKER_COMM, comm);
        for (int i = 0; i < kernel.length; i++) {
            b.putLong(at + HEADER_SIZE + i * KERNEL_FRAME_SIZE, kernel[i]);
        }
        for (int i = 0; i < user.length; i++) {
            b.putLong(userAt + i * USER_FRAME_SIZE, user[i]);
        }
        b.putInt(interpretedAt + INTERPRETED_FRAME_INDEX, 1)
                .putLong(interpretedAt + INTERPRETED_METHOD, 0x7f00_0000_1000L)
                .putLong(interpretedAt + INTERPRETED_BCP, 0x7f00_0000_2000L);
        return size;
    }

    @Test
    void decodesEveryFieldOfEachRecordInABatch() {
        ByteBuffer b = batch(2 * EPISODE_SIZE);
        long[] kernel = {0xffffffff81000010L, 0xffffffff81000020L};
        long[] user = {0x7f0000001234L, 0x7f0000005678L, 0x7f000000abcdL};
        int first = writeEpisode(b, 0, 101, kernel, user);
        int length = first + writeEpisode(b, first, 102, new long[0], user);
        List<Episode> decoded = new ArrayList<>();

        EpisodeDecoder.decode(b, length, decoded::add);

        assertEquals(2, decoded.size());
        Episode e = decoded.get(0);
        assertEquals(1_000_000_101L, e.startNanos());
        assertEquals(50_000_000L, e.durationNanos());
        assertEquals(12_345L, e.runQueueNanos());
        assertEquals(202, e.syscallNumber());
        assertEquals(101, e.tid());
        assertEquals(4242, e.tgid());
        assertEquals(77, e.wakerTid());
        assertEquals("waker-thread", e.wakerName());
        assertEquals(1, e.state());
        assertEquals(1, e.cpuOut());
        assertEquals(0, e.cpuIn());
        assertTrue(e.has(KernelContract.FLAG_MERGED) && e.has(KernelContract.FLAG_IN_SYSCALL));
        assertArrayEquals(kernel, e.kernelStack());
        assertArrayEquals(user, e.userStack());
        assertEquals(new Episode.InterpretedFrame(1, 0x7f00_0000_1000L, 0x7f00_0000_2000L), e.interpretedFrames()[0]);
        assertEquals(102, decoded.get(1).tid());
        assertEquals(0, decoded.get(1).kernelStack().length);
        assertArrayEquals(user, decoded.get(1).userStack(), "user frames right after the header when no kernel frame");
    }

    @Test
    void frameCountsThatDisagreeWithTheSizeAreReportedNotMisread() {
        ByteBuffer b = batch(EPISODE_SIZE);
        int size = writeEpisode(b, 0, 7, new long[2], new long[3]);
        b.putShort(KERNEL_FRAMES, (short) 3);
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> EpisodeDecoder.decode(b, size, x -> {}));
        assertTrue(e.getMessage().startsWith("episode record of " + size + " bytes with 3 kernel"), e.getMessage());
    }

    @Test
    void frameCountsBeyondTheMaximumAreReported() {
        int size = packedSize(HEADER_SIZE, MAX_KERNEL_FRAMES + 1, 0, 1);
        ByteBuffer b = batch(size);
        writeEpisode(b, 0, 7, new long[MAX_KERNEL_FRAMES + 1], new long[0]);
        assertThrows(IllegalStateException.class, () -> EpisodeDecoder.decode(b, size, x -> {}));
    }

    @Test
    void aRecordRunningPastTheBatchIsReportedNotMisread() {
        ByteBuffer b = batch(EPISODE_SIZE);
        int size = writeEpisode(b, 0, 7, new long[0], new long[0]);
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> EpisodeDecoder.decode(b, size - 8, x -> {}));
        assertTrue(e.getMessage().startsWith("corrupt record at offset 0: size " + size), e.getMessage());
    }

    @Test
    void decodesTotalsAndWakeupsBetweenEpisodes() {
        int wakeupSize = packedSize(WAKEUP_HEADER_SIZE, 1, 2, 0);
        ByteBuffer b = batch(EPISODE_SIZE + TOTALS_SIZE + wakeupSize);
        int t = writeEpisode(b, 0, 5, new long[0], new long[] {0x1000});
        b.putLong(WEIGHT_NS, 70_000_000L).putLong(WAKEUP_ID, 9);
        b.putInt(t + RECORD_TYPE, RECORD_THREAD_TOTALS)
                .putInt(t + RECORD_SIZE, TOTALS_SIZE)
                .putInt(t + TOTALS_TID, 5)
                .putLong(t + TOTALS_TIME_NS, 10_000)
                .putLong(t + TOTALS_OFF_CPU_NS, 100)
                .putLong(t + TOTALS_OFF_CPU_NS + 8, 200)
                .putLong(t + TOTALS_OFF_CPU_NS + 16, 300)
                .putLong(t + TOTALS_RUN_QUEUE_NS, 40)
                .putLong(t + TOTALS_VOLUNTARY, 3)
                .putLong(t + TOTALS_INVOLUNTARY, 4)
                .putLong(t + TOTALS_EPISODES, 7)
                .putLong(t + TOTALS_UNSEEN_STARTS, 1)
                .putLong(t + TOTALS_OPEN_SINCE_NS, 9_000)
                .putLong(t + TOTALS_OPEN_RUNNABLE_NS, 9_500)
                .putInt(t + TOTALS_OPEN_BUCKET, KernelContract.BUCKET_UNINTERRUPTIBLE)
                .putInt(t + TOTALS_FLAGS, 1);
        int w = t + TOTALS_SIZE;
        int wakeupStacks = w + WAKEUP_HEADER_SIZE;
        b.putInt(w + RECORD_TYPE, RECORD_WAKEUP)
                .putInt(w + RECORD_SIZE, wakeupSize)
                .putLong(w + WAKEUP_TIME_NS, 123)
                .putLong(w + WAKEUP_WAKEUP_ID, 9)
                .putInt(w + WAKEUP_WAKER_TID, 6)
                .putInt(w + WAKEUP_WAKER_TGID, 4242)
                .putInt(w + WAKEUP_WOKEN_TID, 5)
                .putShort(w + WAKEUP_KERNEL_FRAMES, (short) 1)
                .putShort(w + WAKEUP_USER_FRAMES, (short) 2)
                .putLong(wakeupStacks, 0xffffffff81000000L)
                .putLong(wakeupStacks + 8, 0x2000)
                .putLong(wakeupStacks + 16, 0x3000);
        List<Object> decoded = DecodedRecords.of(b, w + wakeupSize);

        assertEquals(3, decoded.size());
        Episode e = (Episode) decoded.get(0);
        assertEquals(70_000_000L, e.weightNanos());
        assertEquals(9, e.wakeupId());
        ThreadTotals totals = (ThreadTotals) decoded.get(1);
        assertEquals(5, totals.tid());
        assertTrue(totals.exited());
        assertEquals(100 + 200 + 1000 + 300, totals.offCpuNanosNow(), "the open D episode adds time - since");
        assertEquals(1200, totals.offCpuNanosNow(KernelContract.BUCKET_UNINTERRUPTIBLE));
        assertEquals(40 + 500, totals.runQueueNanosNow(), "woken at 9500: waiting for a CPU for 500 ns");
        assertEquals(3, totals.voluntarySwitches());
        assertEquals(4, totals.involuntarySwitches());
        assertEquals(1, totals.unseenStarts());
        Wakeup wakeup = (Wakeup) decoded.get(2);
        assertEquals(9, wakeup.wakeupId());
        assertEquals(6, wakeup.wakerTid());
        assertEquals(5, wakeup.wokenTid());
        assertArrayEquals(new long[] {0x2000, 0x3000}, wakeup.userStack());
        assertArrayEquals(new long[] {0xffffffff81000000L}, wakeup.kernelStack());
    }
}
