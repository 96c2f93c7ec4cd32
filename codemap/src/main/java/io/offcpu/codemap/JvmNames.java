package io.offcpu.codemap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Conversions of the JVM's internal names and strings. */
final class JvmNames {
    private JvmNames() {}

    /** {@code Ljava/lang/Thread;} → {@code java.lang.Thread}; {@code [I} → {@code int[]}. */
    static String className(String signature) {
        int dims = 0;
        while (dims < signature.length() && signature.charAt(dims) == '[') {
            dims++;
        }
        String element = signature.substring(dims);
        String base;
        if (element.startsWith("L") && element.endsWith(";")) {
            base = element.substring(1, element.length() - 1).replace('/', '.');
        } else {
            base = switch (element) {
                case "Z" -> "boolean";
                case "B" -> "byte";
                case "C" -> "char";
                case "S" -> "short";
                case "I" -> "int";
                case "J" -> "long";
                case "F" -> "float";
                case "D" -> "double";
                case "V" -> "void";
                default -> element.replace('/', '.');
            };
        }
        return base + "[]".repeat(dims);
    }

    /**
     * Decodes {@code length} bytes of the JVM's modified UTF-8 at the buffer's absolute
     * {@code offset}: like UTF-8 but NUL is two bytes and supplementary characters are two
     * three-byte surrogates, so one to three bytes always make one char.
     *
     * <p>Every method the JIT compiles brings three or four such names, thousands at start-up: they are copied
     * in one bulk read and decoded by the JDK's UTF-8 decoder (a vectorized ASCII check, already compiled),
     * rather than read byte by byte from the direct buffer, a loop the JIT would have to compile for the agent
     * alone. The two encodings differ only where the UTF-8 decoder gives U+FFFD, so only such names are decoded
     * by hand.
     */
    static String modifiedUtf8(ByteBuffer buffer, int offset, int length) {
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        String utf8 = new String(bytes, StandardCharsets.UTF_8);
        return utf8.indexOf('\uFFFD') < 0 ? utf8 : decodeModifiedUtf8(bytes);
    }

    private static String decodeModifiedUtf8(byte[] bytes) {
        char[] chars = new char[bytes.length];
        int n = 0;
        int end = bytes.length;
        for (int i = 0; i < end; ) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                chars[n++] = (char) b;
                i++;
            } else if ((b & 0xe0) == 0xc0 && i + 1 < end) {
                chars[n++] = (char) (((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f));
                i += 2;
            } else if ((b & 0xf0) == 0xe0 && i + 2 < end) {
                chars[n++] = (char) (((b & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f));
                i += 3;
            } else {
                chars[n++] = '\uFFFD'; // not modified UTF-8; keep going rather than lose the name
                i++;
            }
        }
        return new String(chars, 0, n);
    }
}
