package io.offcpu.jni;

import static io.offcpu.jni.EpisodeLayout.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Decodes the records of one poll batch from the direct buffer the natives filled. */
public final class EpisodeDecoder {
    private EpisodeDecoder() {}

    /** Receives the records of a batch, in the order the kernel side wrote them. */
    public interface RecordSink {
        void episode(Episode episode);

        void threadTotals(ThreadTotals totals);

        void wakeup(Wakeup wakeup);
    }

    /** Decodes {@code length} bytes of records at the start of {@code batch}, episodes only. */
    public static void decode(ByteBuffer batch, int length, Consumer<Episode> sink) {
        decode(batch, length, new RecordSink() {
            @Override
            public void episode(Episode episode) {
                sink.accept(episode);
            }

            @Override
            public void threadTotals(ThreadTotals totals) {
            }

            @Override
            public void wakeup(Wakeup wakeup) {
            }
        });
    }

    /** Decodes {@code length} bytes of thread totals, as the totals iterator writes them. */
    public static void decodeThreadTotals(ByteBuffer batch, int length, Consumer<ThreadTotals> sink) {
        ByteBuffer records = batch.duplicate().order(ByteOrder.nativeOrder());
        for (int offset = 0; offset + TOTALS_SIZE <= length; offset += TOTALS_SIZE) {
            sink.accept(decodeTotals(records, offset));
        }
    }

    /** Decodes {@code length} bytes of records at the start of {@code batch}. */
    public static void decode(ByteBuffer batch, int length, RecordSink sink) {
        ByteBuffer records = batch.duplicate().order(ByteOrder.nativeOrder());
        int offset = 0;
        while (offset < length) {
            int type = records.getInt(offset + RECORD_TYPE);
            int size = records.getInt(offset + RECORD_SIZE);
            if (size <= 0 || offset + size > length) {
                throw new IllegalStateException("corrupt record at offset " + offset + ": size " + size
                        + " with " + (length - offset) + " bytes left");
            }
            if (type == RECORD_EPISODE) {
                sink.episode(decodeEpisode(records, offset, size));
            } else if (type == RECORD_THREAD_TOTALS) {
                requireSize("thread totals", size, TOTALS_SIZE);
                sink.threadTotals(decodeTotals(records, offset));
            } else if (type == RECORD_WAKEUP) {
                sink.wakeup(decodeWakeup(records, offset, size));
            }
            offset += size;
        }
    }

    private static void requireSize(String what, int size, int expected) {
        if (size != expected) {
            throw new IllegalStateException(what + " record of " + size + " bytes, expected " + expected);
        }
    }

    static ThreadTotals decodeTotals(ByteBuffer b, int at) {
        long[] offCpu = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            offCpu[i] = b.getLong(at + TOTALS_OFF_CPU_NS + i * Long.BYTES);
        }
        return new ThreadTotals(
                b.getInt(at + TOTALS_TID),
                b.getLong(at + TOTALS_TIME_NS),
                offCpu,
                b.getLong(at + TOTALS_RUN_QUEUE_NS),
                b.getLong(at + TOTALS_VOLUNTARY),
                b.getLong(at + TOTALS_INVOLUNTARY),
                b.getLong(at + TOTALS_EPISODES),
                b.getLong(at + TOTALS_UNSEEN_STARTS),
                b.getLong(at + TOTALS_OPEN_SINCE_NS),
                b.getLong(at + TOTALS_OPEN_RUNNABLE_NS),
                b.getInt(at + TOTALS_OPEN_BUCKET),
                (b.getInt(at + TOTALS_FLAGS) & 1) != 0);
    }

    static Wakeup decodeWakeup(ByteBuffer b, int at, int size) {
        Stacks stacks = Stacks.read("wakeup", b, at, size, WAKEUP_HEADER_SIZE,
                at + WAKEUP_KERNEL_FRAMES, at + WAKEUP_USER_FRAMES, at + WAKEUP_INTERPRETED_FRAMES);
        return new Wakeup(
                b.getLong(at + WAKEUP_TIME_NS),
                b.getLong(at + WAKEUP_WAKEUP_ID),
                b.getInt(at + WAKEUP_WAKER_TID),
                b.getInt(at + WAKEUP_WAKER_TGID),
                b.getInt(at + WAKEUP_WOKEN_TID),
                b.getInt(at + WAKEUP_CPU),
                b.getInt(at + WAKEUP_FLAGS),
                stacks.kernel(),
                stacks.user(),
                stacks.interpreted());
    }

    static Episode decodeEpisode(ByteBuffer b, int at, int size) {
        Stacks stacks = Stacks.read("episode", b, at, size, HEADER_SIZE,
                at + KERNEL_FRAMES, at + USER_FRAMES, at + INTERPRETED_FRAMES);
        return new Episode(
                b.getLong(at + START_NS),
                b.getLong(at + DURATION_NS),
                b.getLong(at + RUN_QUEUE_NS),
                b.getLong(at + SYSCALL_NR),
                b.getLong(at + WEIGHT_NS),
                b.getLong(at + WAKEUP_ID),
                b.getInt(at + TID),
                b.getInt(at + TGID),
                b.getInt(at + WAKER_TID),
                b.getInt(at + WAKER_TGID),
                cString(b, at + WAKER_COMM, 16),
                b.getInt(at + STATE),
                b.getInt(at + CPU_OUT),
                b.getInt(at + CPU_IN),
                b.getInt(at + FLAGS),
                stacks.kernel(),
                stacks.user(),
                stacks.interpreted());
    }

    /** The stacks packed after an episode's or a wakeup's header (see EpisodeLayout). */
    private record Stacks(long[] kernel, long[] user, Episode.InterpretedFrame[] interpreted) {
        /**
         * Reads them once the header's counts agree with the record's size: a count that does not
         * would shift every frame after it, so the record is reported rather than misread.
         */
        static Stacks read(String what, ByteBuffer b, int at, int size, int headerSize,
                int kernelFramesAt, int userFramesAt, int interpretedFramesAt) {
            int kernelFrames = Short.toUnsignedInt(b.getShort(kernelFramesAt));
            int userFrames = Short.toUnsignedInt(b.getShort(userFramesAt));
            int interpretedFrames = Short.toUnsignedInt(b.getShort(interpretedFramesAt));
            int expected = packedSize(headerSize, kernelFrames, userFrames, interpretedFrames);
            if (size != expected || kernelFrames > MAX_KERNEL_FRAMES || userFrames > MAX_USER_FRAMES
                    || interpretedFrames > MAX_INTERPRETED_FRAMES) {
                throw new IllegalStateException(what + " record of " + size + " bytes with " + kernelFrames
                        + " kernel, " + userFrames + " user and " + interpretedFrames
                        + " interpreted frames, expected " + expected + " bytes and at most " + MAX_KERNEL_FRAMES
                        + ", " + MAX_USER_FRAMES + " and " + MAX_INTERPRETED_FRAMES + " frames");
            }
            int kernelAt = at + headerSize;
            int userAt = kernelAt + kernelFrames * KERNEL_FRAME_SIZE;
            int interpretedAt = userAt + userFrames * USER_FRAME_SIZE;
            return new Stacks(longs(b, kernelAt, kernelFrames), longs(b, userAt, userFrames),
                    interpretedFrames(b, interpretedAt, interpretedFrames));
        }
    }

    private static Episode.InterpretedFrame[] interpretedFrames(ByteBuffer b, int table, int count) {
        Episode.InterpretedFrame[] frames = new Episode.InterpretedFrame[count];
        for (int i = 0; i < count; i++) {
            int f = table + i * INTERPRETED_FRAME_SIZE;
            frames[i] = new Episode.InterpretedFrame(b.getInt(f + INTERPRETED_FRAME_INDEX),
                    b.getLong(f + INTERPRETED_METHOD), b.getLong(f + INTERPRETED_BCP));
        }
        return frames;
    }

    private static long[] longs(ByteBuffer b, int at, int count) {
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = b.getLong(at + i * Long.BYTES);
        }
        return values;
    }

    private static String cString(ByteBuffer b, int at, int max) {
        int length = 0;
        while (length < max && b.get(at + length) != 0) {
            length++;
        }
        byte[] bytes = new byte[length];
        b.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
