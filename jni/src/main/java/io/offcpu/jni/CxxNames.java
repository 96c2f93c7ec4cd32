package io.offcpu.jni;

/**
 * Readable names of C++ functions: {@code _ZN7Monitor4waitEl} becomes {@code Monitor::wait}, the
 * parameter list dropped as profilers do (frame names stay short; overloads rarely matter here).
 */
public final class CxxNames {
    private CxxNames() {}

    /** The demangled name, or the name itself when it is not a mangled C++ name. */
    public static String demangle(String name) {
        if (!name.startsWith("_Z")) {
            return name;
        }
        NativeLibrary.load();
        String demangled = demangle0(name);
        return demangled != null ? withoutParameters(demangled) : name;
    }

    static String withoutParameters(String demangled) {
        String name = demangled.endsWith(" const") ? demangled.substring(0, demangled.length() - 6) : demangled;
        if (!name.endsWith(")")) {
            return name;
        }
        int depth = 0;
        for (int i = name.length() - 1; i >= 0; i--) {
            char c = name.charAt(i);
            depth += c == ')' ? 1 : c == '(' ? -1 : 0;
            if (depth == 0) {
                return i > 0 ? name.substring(0, i) : name;
            }
        }
        return name;
    }

    private static native String demangle0(String name);
}
