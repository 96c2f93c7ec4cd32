package io.offcpu.codemap;

import java.util.Arrays;

/**
 * The Java mirror of the record layout in {@code jni/src/main/c/codemap.h}. {@link #verify}
 * compares it with the library's own offsetof/sizeof values ({@code CodeEvents.recordLayout()})
 * so a drifted header fails loudly instead of decoding garbage.
 */
public final class RecordLayout {
    public static final int FORMAT_VERSION = 1;
    /** The largest record; drain buffers must hold at least this many bytes. */
    public static final int MAX_RECORD_BYTES = 1 << 20;

    static final int TYPE_METHOD = 1;
    static final int TYPE_COMPILED_LOAD = 2;
    static final int TYPE_COMPILED_UNLOAD = 3;
    static final int TYPE_DYNAMIC_CODE = 4;
    static final int FLAG_REPLAYED = 0x1;
    static final int FLAG_TRUNCATED = 0x2;

    static final int HEADER_SIZE = 8;
    static final int HEADER_TYPE = 0;   // u16
    static final int HEADER_FLAGS = 2;  // u16
    static final int HEADER_SIZE_FIELD = 4; // u32

    static final int METHOD_SIZE = 40;
    static final int METHOD_ID = 8;
    static final int METHOD_LINE_COUNT = 16;
    static final int METHOD_CLASS_SIGNATURE_LEN = 20;
    static final int METHOD_NAME_LEN = 24;
    static final int METHOD_SIGNATURE_LEN = 28;
    static final int METHOD_SOURCE_FILE_LEN = 32;

    static final int LINE_SIZE = 8;
    static final int LINE_START_BCI = 0;
    static final int LINE_NUMBER = 4;

    static final int LOAD_SIZE = 40;
    static final int LOAD_TIMESTAMP = 8;
    static final int LOAD_METHOD_ID = 16;
    static final int LOAD_CODE_START = 24;
    static final int LOAD_CODE_SIZE = 32;
    static final int LOAD_PC_COUNT = 36;

    static final int PC_SIZE = 16;
    static final int PC_PC = 0;
    static final int PC_FRAME_COUNT = 8;

    static final int FRAME_SIZE = 16;
    static final int FRAME_METHOD_ID = 0;
    static final int FRAME_BCI = 8;

    static final int UNLOAD_SIZE = 32;
    static final int UNLOAD_TIMESTAMP = 8;
    static final int UNLOAD_METHOD_ID = 16;
    static final int UNLOAD_CODE_START = 24;

    static final int DYNAMIC_SIZE = 32;
    static final int DYNAMIC_TIMESTAMP = 8;
    static final int DYNAMIC_CODE_START = 16;
    static final int DYNAMIC_CODE_SIZE = 24;
    static final int DYNAMIC_NAME_LEN = 28;

    private RecordLayout() {
    }

    /** The values in the order the native {@code recordLayout()} returns them. */
    static int[] expected() {
        return new int[] {
            FORMAT_VERSION, MAX_RECORD_BYTES,
            TYPE_METHOD, TYPE_COMPILED_LOAD, TYPE_COMPILED_UNLOAD, TYPE_DYNAMIC_CODE,
            FLAG_REPLAYED, FLAG_TRUNCATED,
            HEADER_SIZE, HEADER_TYPE, HEADER_FLAGS, HEADER_SIZE_FIELD,
            METHOD_SIZE, METHOD_ID, METHOD_LINE_COUNT, METHOD_CLASS_SIGNATURE_LEN,
            METHOD_NAME_LEN, METHOD_SIGNATURE_LEN, METHOD_SOURCE_FILE_LEN,
            LINE_SIZE, LINE_START_BCI, LINE_NUMBER,
            LOAD_SIZE, LOAD_TIMESTAMP, LOAD_METHOD_ID, LOAD_CODE_START, LOAD_CODE_SIZE,
            LOAD_PC_COUNT,
            PC_SIZE, PC_PC, PC_FRAME_COUNT,
            FRAME_SIZE, FRAME_METHOD_ID, FRAME_BCI,
            UNLOAD_SIZE, UNLOAD_TIMESTAMP, UNLOAD_METHOD_ID, UNLOAD_CODE_START,
            DYNAMIC_SIZE, DYNAMIC_TIMESTAMP, DYNAMIC_CODE_START, DYNAMIC_CODE_SIZE,
            DYNAMIC_NAME_LEN,
        };
    }

    /**
     * Checks the native library's layout against this class.
     *
     * @param nativeLayout {@code CodeEvents.recordLayout()}
     * @throws IllegalStateException naming the first differing entry
     */
    public static void verify(int[] nativeLayout) {
        int[] expected = expected();
        if (Arrays.equals(expected, nativeLayout)) {
            return;
        }
        if (nativeLayout.length > 0 && nativeLayout[0] != FORMAT_VERSION) {
            throw new IllegalStateException("offcpu: the native library writes code-map format "
                    + nativeLayout[0] + " but this decoder reads format " + FORMAT_VERSION
                    + "; use the liboffcpu.so built with this jar");
        }
        for (int i = 0; i < Math.min(expected.length, nativeLayout.length); i++) {
            if (expected[i] != nativeLayout[i]) {
                throw new IllegalStateException("offcpu: code-map record layout differs at entry " + i
                        + ": native " + nativeLayout[i] + ", Java " + expected[i]
                        + " (codemap.h and RecordLayout.java drifted apart)");
            }
        }
        throw new IllegalStateException("offcpu: code-map record layout has " + nativeLayout.length
                + " entries natively and " + expected.length + " in RecordLayout.java");
    }
}
