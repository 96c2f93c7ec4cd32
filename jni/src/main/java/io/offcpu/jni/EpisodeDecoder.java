package io.offcpu.jni;

import static io.offcpu.jni.EpisodeLayout.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Decodes the records of one poll batch from the direct buffer the natives filled. */
public final class EpisodeDecoder {
    private EpisodeDecoder() {}

    /** Decodes {@code length} bytes of records at the start of {@code batch}. */
    public static void decode(ByteBuffer batch, int length, Consumer<Episode> sink) {
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
                if (size != SIZE) {
                    throw new IllegalStateException("episode record of " + size + " bytes, expected " + SIZE);
                }
                sink.accept(decodeEpisode(records, offset));
            }
            offset += size;
        }
    }

    static Episode decodeEpisode(ByteBuffer b, int at) {
        int kernelFrames = Math.min(Short.toUnsignedInt(b.getShort(at + KERNEL_FRAMES)), MAX_KERNEL_FRAMES);
        int userFrames = Math.min(Short.toUnsignedInt(b.getShort(at + USER_FRAMES)), MAX_USER_FRAMES);
        return new Episode(
                b.getLong(at + START_NS),
                b.getLong(at + DURATION_NS),
                b.getLong(at + RUN_QUEUE_NS),
                b.getLong(at + SYSCALL_NR),
                b.getInt(at + TID),
                b.getInt(at + TGID),
                b.getInt(at + WAKER_TID),
                b.getInt(at + WAKER_TGID),
                cString(b, at + WAKER_COMM, 16),
                b.getInt(at + STATE),
                b.getInt(at + CPU_OUT),
                b.getInt(at + CPU_IN),
                b.getInt(at + FLAGS),
                longs(b, at + KERNEL_STACK, kernelFrames),
                longs(b, at + USER_STACK, userFrames),
                interpretedFrames(b, at));
    }

    private static Episode.InterpretedFrame[] interpretedFrames(ByteBuffer b, int at) {
        int count = Math.min(Short.toUnsignedInt(b.getShort(at + INTERPRETED_FRAMES)), MAX_INTERPRETED_FRAMES);
        Episode.InterpretedFrame[] frames = new Episode.InterpretedFrame[count];
        for (int i = 0; i < count; i++) {
            int f = at + INTERPRETED + i * INTERPRETED_FRAME_SIZE;
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
