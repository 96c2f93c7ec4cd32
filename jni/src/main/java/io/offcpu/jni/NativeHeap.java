package io.offcpu.jni;

/** The process's C heap (see native_heap.h for why the agent trims it). */
public final class NativeHeap {
    private NativeHeap() {}

    /**
     * Returns the freed pages of every malloc arena to the kernel, so memory the agent used only while it
     * started stops counting in the application's RSS. Returns whether any pages were released; false where
     * the C library cannot trim.
     */
    public static boolean trim() {
        NativeLibrary.load();
        return trim0();
    }

    private static native boolean trim0();
}
