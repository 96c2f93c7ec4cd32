package io.offcpu.jfr;

import java.util.Arrays;

/**
 * A string already in its JFR encoding, for the fields the consumer writes with every event (reason,
 * state, syscall, ...): encoded once, then copied into each event without touching the string.
 */
public final class JfrString {
    /** JFR string encodings (jdk.jfr.internal.consumer.StringParser.Encoding). */
    static final byte STRING_NULL = 0;

    static final byte STRING_EMPTY = 1;
    static final byte STRING_UTF8 = 3;

    public static final JfrString NULL = new JfrString(null);
    public static final JfrString EMPTY = new JfrString("");

    private final String value;
    final byte[] encoded;

    private JfrString(String value) {
        this.value = value;
        ByteSink sink = new ByteSink(16);
        sink.putString(value);
        this.encoded = sink.toByteArray();
    }

    /** The encoding of {@code value}; null and "" are shared. */
    public static JfrString of(String value) {
        if (value == null) {
            return NULL;
        }
        return value.isEmpty() ? EMPTY : new JfrString(value);
    }

    /** The string this encodes, null for {@link #NULL}. */
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JfrString s && Arrays.equals(encoded, s.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return String.valueOf(value);
    }
}
