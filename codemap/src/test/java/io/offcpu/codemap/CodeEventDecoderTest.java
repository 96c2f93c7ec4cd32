package io.offcpu.codemap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Malformed input is reported with its offset instead of decoding garbage. */
class CodeEventDecoderTest {
    private static ByteBuffer buffer() {
        return ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    }

    @Test
    void decodesADynamicCodeRecordWithAModifiedUtf8Name() {
        ByteBuffer b = buffer();
        byte[] name = {'S', 't', 'u', 'b', ' ', (byte) 0xc3, (byte) 0xa9}; // "Stub é"
        b.putShort(0, (short) CodeMapContract.TYPE_DYNAMIC_CODE)
                .putShort(2, (short) CodeMapContract.FLAG_REPLAYED)
                .putInt(4, 40)
                .putLong(8, 123)
                .putLong(16, 0x7f0000001000L)
                .putInt(24, 0x80)
                .putInt(28, name.length);
        b.put(32, name);
        CodeEvent.DynamicCode code =
                (CodeEvent.DynamicCode) CodeEventDecoder.decode(b, 40).get(0);
        assertEquals(new CodeEvent.DynamicCode(123, "Stub \u00e9", 0x7f0000001000L, 0x80, true), code);
    }

    @Test
    void rejectsASizeThatIsNotAMultipleOfEight() {
        ByteBuffer b = buffer();
        b.putShort(0, (short) CodeMapContract.TYPE_COMPILED_UNLOAD).putInt(4, 30);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CodeEventDecoder.decode(b, 32));
        assertTrue(e.getMessage().contains("at byte 0") && e.getMessage().contains("size 30"), e.getMessage());
    }

    @Test
    void rejectsAStringLongerThanItsRecord() {
        ByteBuffer b = buffer();
        b.putShort(0, (short) CodeMapContract.TYPE_DYNAMIC_CODE).putInt(4, 40).putInt(28, 100);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CodeEventDecoder.decode(b, 40));
        assertTrue(e.getMessage().contains("would need 132"), e.getMessage());
    }

    @Test
    void rejectsAnUnknownType() {
        ByteBuffer b = buffer();
        b.putShort(0, (short) 9).putInt(4, 8);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CodeEventDecoder.decode(b, 8))
                .getMessage()
                .contains("unknown record type 9"));
    }
}
