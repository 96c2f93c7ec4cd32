package io.offcpu.symbols;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Little-endian reader over a byte buffer with the variable-length integers DWARF uses.
 * Positions are indexes into the buffer, so callers can turn them into section addresses.
 */
final class ByteCursor {
    private final ByteBuffer buffer;
    private int position;

    ByteCursor(ByteBuffer buffer, int position) {
        this.buffer = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.position = position;
    }

    int position() {
        return position;
    }

    void seek(int newPosition) {
        position = newPosition;
    }

    int limit() {
        return buffer.limit();
    }

    boolean hasRemaining() {
        return position < buffer.limit();
    }

    int u8() {
        return Byte.toUnsignedInt(buffer.get(position++));
    }

    int u16() {
        int value = Short.toUnsignedInt(buffer.getShort(position));
        position += 2;
        return value;
    }

    short s16() {
        short value = buffer.getShort(position);
        position += 2;
        return value;
    }

    long u32() {
        long value = Integer.toUnsignedLong(buffer.getInt(position));
        position += 4;
        return value;
    }

    int s32() {
        int value = buffer.getInt(position);
        position += 4;
        return value;
    }

    long u64() {
        long value = buffer.getLong(position);
        position += 8;
        return value;
    }

    long uleb128() {
        long result = 0;
        int shift = 0;
        while (true) {
            int b = u8();
            if (shift < 64) {
                result |= (long) (b & 0x7f) << shift;
            }
            shift += 7;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
    }

    long sleb128() {
        long result = 0;
        int shift = 0;
        int b;
        do {
            b = u8();
            if (shift < 64) {
                result |= (long) (b & 0x7f) << shift;
            }
            shift += 7;
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) {
            result |= -1L << shift;
        }
        return result;
    }

    /** Reads a NUL-terminated string (ASCII/UTF-8 bytes decoded as ISO-8859-1 is enough for augmentations). */
    String cString() {
        int start = position;
        while (buffer.get(position) != 0) {
            position++;
        }
        byte[] bytes = new byte[position - start];
        buffer.get(start, bytes);
        position++;
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    static String cStringAt(ByteBuffer buffer, int offset) {
        int end = offset;
        while (end < buffer.limit() && buffer.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - offset];
        buffer.get(offset, bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
