package io.offcpu.jni;

/** Kernel thread ids of Java threads, read through HotSpot's VMStructs (see hotspot_threads.c). */
public final class HotSpotThreads {
    private HotSpotThreads() {}

    /**
     * Returns the kernel tid of each thread (-1 for one not alive), or null when this JVM does not
     * expose the VMStructs entries needed (not HotSpot).
     */
    public static int[] kernelThreadIds(Thread[] threads) {
        NativeLibrary.load();
        int[] tids = new int[threads.length];
        return kernelThreadIds(threads, tids) ? tids : null;
    }

    private static native boolean kernelThreadIds(Thread[] threads, int[] tids);
}
