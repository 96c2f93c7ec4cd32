package io.offcpu.jni;

/** Names of interpreted frames from their Method*, through HotSpot's VMStructs (hotspot_methods.c). */
public final class HotSpotMethods {
    private HotSpotMethods() {}

    /** A resolved interpreted frame; className in internal form (java/lang/Thread). */
    public record ResolvedMethod(
            String className, String methodName, String signature, int bytecodeIndex, int lineNumber) {}

    /**
     * Resolves each Method* (with its bytecode pointer, 0 if unknown); an entry is null where the
     * pointer no longer names a method. Returns null when this JVM is not HotSpot.
     */
    public static ResolvedMethod[] resolve(long[] methods, long[] bytecodePointers) {
        NativeLibrary.load();
        String[] names = new String[methods.length * 3];
        int[] bcis = new int[methods.length];
        int[] lines = new int[methods.length];
        if (!resolve(methods, bytecodePointers, names, bcis, lines)) {
            return null;
        }
        ResolvedMethod[] resolved = new ResolvedMethod[methods.length];
        for (int i = 0; i < methods.length; i++) {
            if (names[3 * i] != null) {
                resolved[i] = new ResolvedMethod(names[3 * i], names[3 * i + 1], names[3 * i + 2], bcis[i], lines[i]);
            }
        }
        return resolved;
    }

    private static native boolean resolve(
            long[] methods, long[] bytecodePointers, String[] names, int[] bcis, int[] lines);
}
