package io.offcpu.jni;

import java.nio.ByteBuffer;

/**
 * The JVMTI code events kept by the native library (codemap.c): compiled methods, their
 * unloading, and generated code such as the interpreter and stubs. Loading liboffcpu.so
 * registers the JVMTI callbacks ({@code JNI_OnLoad}); records then wait in a bounded native
 * buffer until {@link #drain} copies them out, one JNI call per batch. The codemap module, which
 * builds on this one, decodes them ({@code io.offcpu.codemap.CodeEventDecoder}).
 *
 * <p>The library must have been loaded (System.load) before any method here is called.
 */
public final class CodeEvents {
    private CodeEvents() {}

    /**
     * Enables the events (if {@link #stop} disabled them) and replays the code generated
     * before the library was loaded (JVMTI GenerateEvents), so a JVM attached to late is
     * mapped too. Replayed records carry the REPLAYED flag. Blocks until the replay is done;
     * a large code cache can fill the native buffer, so drain from another thread meanwhile.
     *
     * @throws IllegalStateException if the JVM gave no JVMTI environment or refused a step
     */
    public static native void start();

    /** Disables the events; records already buffered can still be drained. */
    public static native void stop();

    /**
     * Copies whole records into {@code direct} from index 0 (position and limit are ignored)
     * and removes them from the native buffer.
     *
     * @param direct a direct buffer of at least {@code CODEMAP_MAX_RECORD_BYTES} bytes (codemap.h; the codemap
     *     module's {@code CodeMapContract.MAX_RECORD_BYTES})
     * @return the number of bytes written; 0 when nothing is pending
     * @throws IllegalArgumentException if the buffer is not direct or too small
     */
    public static native int drain(ByteBuffer direct);

    /** Records dropped because the native buffer was full (or memory ran out), ever. */
    public static native long droppedRecords();

    /** The record format the library writes, CODEMAP_FORMAT_VERSION of codemap.h. */
    public static native int formatVersion();
}
