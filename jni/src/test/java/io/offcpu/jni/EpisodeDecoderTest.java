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
}
