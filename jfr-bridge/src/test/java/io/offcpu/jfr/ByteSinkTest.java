package io.offcpu.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Varint and event-size encoding at the byte-length boundaries. */
class ByteSinkTest {

    /** Decoder as in the JDK's RecordingInput.readLong for compressed integers. */
    private static long readVarLong(ByteBuffer b) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            int x = b.get() & 0xFF;
            v |= (long) (x & 0x7F) << (7 * i);
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        return v | (long) (b.get() & 0xFF) << 56;
    }

    @Test
    void varLongsRoundTripAtEveryLength() {
        long[] values = {
            0, 1, 127, 128, 16_383, 16_384, (1L << 34) + 5, (1L << 56) - 1, 1L << 56, Long.MAX_VALUE, -1, Long.MIN_VALUE
        };
        for (long v : values) {
            ByteSink s = new ByteSink(16);
            s.putVarLong(v);
            assertEquals(ByteSink.varLongLength(v), s.size(), "length of " + v);
            assertEquals(v, readVarLong(ByteBuffer.wrap(s.toByteArray())), "value " + v);
        }
        ByteSink s = new ByteSink(16);
        s.putVarInt(-1);
        assertEquals(5, s.size());
        assertEquals(-1, (int) readVarLong(ByteBuffer.wrap(s.toByteArray())));
    }

    @Test
    void eventSizeCountsItsOwnFieldAcrossTheOneToTwoByteBoundary() {
        for (int bodySize = 120; bodySize < 140; bodySize++) {
            ByteSink body = new ByteSink(bodySize);
            for (int i = 0; i < bodySize; i++) {
                body.putByte(7);
            }
            ByteSink out = new ByteSink(256);
            out.putEvent(body);
            assertEquals(out.size(), readVarLong(ByteBuffer.wrap(out.toByteArray())), "body " + bodySize);
        }
    }
}
