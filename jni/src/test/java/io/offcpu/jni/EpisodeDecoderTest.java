package io.offcpu.jni;

import static io.offcpu.jni.EpisodeLayout.*;
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

/** Records laid out as struct offcpu_episode (offsets checked against C in EpisodeLayoutTest) decode field by field. */
class EpisodeDecoderTest {
    private static ByteBuffer batch(int records) {
        return ByteBuffer.allocateDirect(records * SIZE).order(ByteOrder.nativeOrder());
    }

    private static void writeEpisode(ByteBuffer b, int at, int tid, long[] kernel, long[] user) {
        b.putInt(at + RECORD_TYPE, RECORD_EPISODE).putInt(at + RECORD_SIZE, SIZE);
        b.putLong(at + START_NS, 1_000_000_000L + tid).putLong(at + DURATION_NS, 50_000_000L)
                .putLong(at + RUN_QUEUE_NS, 12_345L).putLong(at + SYSCALL_NR, 202);
        b.putInt(at + TID, tid).putInt(at + TGID, 4242).putInt(at + WAKER_TID, 77).putInt(at + WAKER_TGID, 4242)
                .putInt(at + STATE, 1).putInt(at + CPU_OUT, 1).putInt(at + CPU_IN, 0)
                .putInt(at + FLAGS, Episode.IN_SYSCALL | Episode.MERGED);
        b.putShort(at + KERNEL_FRAMES, (short) kernel.length).putShort(at + USER_FRAMES, (short) user.length)
                .putShort(at + INTERPRETED_FRAMES, (short) 1);
        byte[] comm = "waker-thread".getBytes(StandardCharsets.US_ASCII);
        b.put(at + WAKER_COMM, comm);
        for (int i = 0; i < kernel.length; i++) {
            b.putLong(at + KERNEL_STACK + i * 8, kernel[i]);
        }
        for (int i = 0; i < user.length; i++) {
            b.putLong(at + USER_STACK + i * 8, user[i]);
        }
        b.putInt(at + INTERPRETED + INTERPRETED_FRAME_INDEX, 1)
                .putLong(at + INTERPRETED + INTERPRETED_METHOD, 0x7f00_0000_1000L)
                .putLong(at + INTERPRETED + INTERPRETED_BCP, 0x7f00_0000_2000L);
    }

    @Test
    void decodesEveryFieldOfEachRecordInABatch() {
        ByteBuffer b = batch(2);
        long[] kernel = {0xffffffff81000010L, 0xffffffff81000020L};
        long[] user = {0x7f0000001234L, 0x7f0000005678L, 0x7f000000abcdL};
        writeEpisode(b, 0, 101, kernel, user);
        writeEpisode(b, SIZE, 102, new long[0], user);
        List<Episode> decoded = new ArrayList<>();

        EpisodeDecoder.decode(b, 2 * SIZE, decoded::add);

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
        assertTrue(e.has(Episode.MERGED) && e.has(Episode.IN_SYSCALL));
        assertArrayEquals(kernel, e.kernelStack());
        assertArrayEquals(user, e.userStack());
        assertEquals(new Episode.InterpretedFrame(1, 0x7f00_0000_1000L, 0x7f00_0000_2000L), e.interpretedFrames()[0]);
        assertEquals(102, decoded.get(1).tid());
        assertEquals(0, decoded.get(1).kernelStack().length);
    }

    @Test
    void frameCountsBeyondTheArraysAreClamped() {
        ByteBuffer b = batch(1);
        writeEpisode(b, 0, 7, new long[0], new long[0]);
        b.putShort(KERNEL_FRAMES, (short) 1000).putShort(USER_FRAMES, (short) -1);
        List<Episode> decoded = new ArrayList<>();
        EpisodeDecoder.decode(b, SIZE, decoded::add);
        assertEquals(MAX_KERNEL_FRAMES, decoded.get(0).kernelStack().length);
        assertEquals(MAX_USER_FRAMES, decoded.get(0).userStack().length);
    }

    @Test
    void aRecordRunningPastTheBatchIsReportedNotMisread() {
        ByteBuffer b = batch(1);
        writeEpisode(b, 0, 7, new long[0], new long[0]);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EpisodeDecoder.decode(b, SIZE - 8, x -> { }));
        assertTrue(e.getMessage().startsWith("corrupt record at offset 0: size " + SIZE), e.getMessage());
    }

    @Test
    void decodesTotalsAndWakeupsBetweenEpisodes() {
        ByteBuffer b = ByteBuffer.allocateDirect(SIZE + TOTALS_SIZE + WAKEUP_SIZE).order(ByteOrder.nativeOrder());
        writeEpisode(b, 0, 5, new long[0], new long[] {0x1000});
        b.putLong(WEIGHT_NS, 70_000_000L).putLong(WAKEUP_ID, 9);
        int t = SIZE;
        b.putInt(t + RECORD_TYPE, RECORD_THREAD_TOTALS).putInt(t + RECORD_SIZE, TOTALS_SIZE).putInt(t + TOTALS_TID, 5)
                .putLong(t + TOTALS_TIME_NS, 10_000).putLong(t + TOTALS_OFF_CPU_NS, 100)
                .putLong(t + TOTALS_OFF_CPU_NS + 8, 200).putLong(t + TOTALS_OFF_CPU_NS + 16, 300)
                .putLong(t + TOTALS_RUN_QUEUE_NS, 40).putLong(t + TOTALS_VOLUNTARY, 3).putLong(t + TOTALS_INVOLUNTARY, 4)
                .putLong(t + TOTALS_EPISODES, 7).putLong(t + TOTALS_UNSEEN_STARTS, 1)
                .putLong(t + TOTALS_OPEN_SINCE_NS, 9_000).putLong(t + TOTALS_OPEN_RUNNABLE_NS, 9_500)
                .putInt(t + TOTALS_OPEN_BUCKET, ThreadTotals.UNINTERRUPTIBLE).putInt(t + TOTALS_FLAGS, 1);
        int w = SIZE + TOTALS_SIZE;
        b.putInt(w + RECORD_TYPE, RECORD_WAKEUP).putInt(w + RECORD_SIZE, WAKEUP_SIZE).putLong(w + WAKEUP_TIME_NS, 123)
                .putLong(w + WAKEUP_WAKEUP_ID, 9).putInt(w + WAKEUP_WAKER_TID, 6).putInt(w + WAKEUP_WAKER_TGID, 4242)
                .putInt(w + WAKEUP_WOKEN_TID, 5).putShort(w + WAKEUP_KERNEL_FRAMES, (short) 1)
                .putShort(w + WAKEUP_USER_FRAMES, (short) 2).putLong(w + WAKEUP_KERNEL_STACK, 0xffffffff81000000L)
                .putLong(w + WAKEUP_USER_STACK, 0x2000).putLong(w + WAKEUP_USER_STACK + 8, 0x3000);
        List<Object> decoded = new ArrayList<>();

        EpisodeDecoder.decode(b, b.capacity(), new EpisodeDecoder.RecordSink() {
            @Override
            public void episode(Episode episode) {
                decoded.add(episode);
            }

            @Override
            public void threadTotals(ThreadTotals totals) {
                decoded.add(totals);
            }

            @Override
            public void wakeup(Wakeup wakeup) {
                decoded.add(wakeup);
            }
        });

        assertEquals(3, decoded.size());
        Episode e = (Episode) decoded.get(0);
        assertEquals(70_000_000L, e.weightNanos());
        assertEquals(9, e.wakeupId());
        ThreadTotals totals = (ThreadTotals) decoded.get(1);
        assertEquals(5, totals.tid());
        assertTrue(totals.exited());
        assertEquals(100 + 200 + 1000 + 300, totals.offCpuNanosNow(), "the open D episode adds time - since");
        assertEquals(1200, totals.offCpuNanosNow(ThreadTotals.UNINTERRUPTIBLE));
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
