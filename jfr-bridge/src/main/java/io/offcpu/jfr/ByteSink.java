package io.offcpu.jfr;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array that writes JFR's value encodings: with the chunk header's "compressed
 * integers" flag set, every short, int and long is an unsigned LEB128 varint of its two's-complement
 * bits (at most 8 groups of 7 bits, then a 9th byte with the remaining 8 bits).
 */
final class ByteSink {
    /** JFR string encodings (jdk.jfr.internal.consumer.StringParser.Encoding). */
    private static final byte STRING_NULL = 0;

    private static final byte STRING_EMPTY = 1;
    private static final byte STRING_UTF8 = 3;

    private byte[] bytes;
    private int size;

    ByteSink(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return size;
    }

    void reset() {
        size = 0;
    }

    /** Drops the backing array if it grew past {@code maxRetainedBytes}, so one huge chunk does not pin memory. */
    void resetAndTrim(int maxRetainedBytes) {
        size = 0;
        if (bytes.length > maxRetainedBytes) {
            bytes = new byte[Math.max(16, maxRetainedBytes)];
        }
    }

    /*
     * Compile cost shapes the two methods below. The event writers call them a dozen times per event, and C2
     * inlines every call: with the copy inline in ensure and a varint loop of constant trip count (which C2
     * unrolls in full), compiling OffCpuSchema's event writer alone took C2 0.48 s of the agent's start-up
     * (-XX:+LogCompilation, a hello world). The rare growth is a call of its own, and the varint loop's
     * trip count depends on the value.
     */
    private void ensure(int more) {
        if (size + more > bytes.length) {
            grow(more);
        }
    }

    private void grow(int more) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }

    void putByte(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    void putBoolean(boolean b) {
        putByte(b ? 1 : 0);
    }

    void putBytes(byte[] src, int offset, int length) {
        ensure(length);
        System.arraycopy(src, offset, bytes, size, length);
        size += length;
    }

    void putAll(ByteSink other) {
        putBytes(other.bytes, 0, other.size);
    }

    /** Big-endian fixed-width long, as in the chunk header. */
    void putRawLong(long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            putByte((int) (v >>> shift));
        }
    }

    void putRawShort(int v) {
        putByte(v >>> 8);
        putByte(v);
    }

    void setRawLong(int position, long v) {
        for (int i = 0; i < 8; i++) {
            bytes[position + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    void putVarLong(long v) {
        ensure(9);
        byte[] b = bytes;
        int at = size;
        int end = at + 8;
        while ((v & ~0x7FL) != 0 && at < end) {
            b[at++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[at++] = (byte) v;
        size = at;
    }

    /** Ints are zero-extended: readers decode a varint and cast to int, so -1 takes 5 bytes, not 9. */
    void putVarInt(int v) {
        putVarLong(v & 0xFFFF_FFFFL);
    }

    static int varLongLength(long v) {
        for (int i = 1; i <= 8; i++) {
            if ((v & ~0x7FL) == 0) {
                return i;
            }
            v >>>= 7;
        }
        return 9;
    }

    void putString(String s) {
        if (s == null) {
            putByte(STRING_NULL);
        } else if (s.isEmpty()) {
            putByte(STRING_EMPTY);
        } else {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            putByte(STRING_UTF8);
            putVarInt(utf8.length);
            putBytes(utf8, 0, utf8.length);
        }
    }

    /** Appends a pre-encoded string. */
    void putEncoded(JfrString s) {
        putBytes(s.encoded, 0, s.encoded.length);
    }

    /**
     * Appends {@code body} as one JFR event: the event's total size (which counts the size field
     * itself) as a varint, then the body.
     */
    void putEvent(ByteSink body) {
        int bodySize = body.size;
        int sizeLength = 1;
        while (varLongLength(bodySize + sizeLength) != sizeLength) {
            sizeLength++;
        }
        putVarLong(bodySize + sizeLength);
        putAll(body);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    byte[] array() {
        return bytes;
    }
}
