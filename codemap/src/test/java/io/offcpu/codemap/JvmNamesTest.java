package io.offcpu.codemap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class JvmNamesTest {
    /** The bytes at offset 3 of a direct buffer, as the code events carry them. */
    private static String decode(int... bytes) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length + 5);
        buffer.position(3);
        for (int b : bytes) {
            buffer.put((byte) b);
        }
        return JvmNames.modifiedUtf8(buffer, 3, bytes.length);
    }

    @Test
    void asciiNames() {
        assertEquals("run", decode('r', 'u', 'n'));
        assertEquals("", decode());
    }

    @Test
    void twoAndThreeByteCharactersAsInUtf8() {
        assertEquals("caf\u00e9", decode('c', 'a', 'f', 0xc3, 0xa9));
        assertEquals("\u20ac1", decode(0xe2, 0x82, 0xac, '1'));
    }

    @Test
    void nulIsTwoBytes() {
        assertEquals("a\u0000b", decode('a', 0xc0, 0x80, 'b'));
    }

    @Test
    void supplementaryCharactersAreTwoEncodedSurrogates() {
        // U+1F600 is the surrogate pair D83D DE00, each encoded on its own in three bytes.
        assertEquals("x\uD83D\uDE00", decode('x', 0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80));
    }

    @Test
    void aReplacementCharacterInTheNameAndBytesThatAreNotModifiedUtf8() {
        assertEquals("\uFFFDz", decode(0xef, 0xbf, 0xbd, 'z'));
        assertEquals("a\uFFFDb", decode('a', 0xff, 'b'));
    }
}
