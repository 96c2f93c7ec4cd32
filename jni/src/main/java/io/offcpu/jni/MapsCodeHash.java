package io.offcpu.jni;

/** The code hash of {@code /proc/<pid>/maps} text, in C (maps_code_hash.c says what it covers and why there). */
public final class MapsCodeHash {
    private MapsCodeHash() {}

    /**
     * A hash of the lines of {@code text[0, length)} that map a file (a path, which starts with '/') with
     * {@code x} permission: equal for texts whose such lines are equal.
     */
    public static int of(byte[] text, int length) {
        if (length < 0 || length > text.length) {
            throw new IndexOutOfBoundsException("length " + length + " of " + text.length + " bytes");
        }
        NativeLibrary.load();
        return of0(text, length);
    }

    private static native int of0(byte[] text, int length);
}
