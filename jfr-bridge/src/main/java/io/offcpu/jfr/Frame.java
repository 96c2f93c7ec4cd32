package io.offcpu.jfr;

import java.util.Objects;

/**
 * One stack frame.
 *
 * @param className     JVM internal class name such as {@code java/lang/Thread} for Java frames (no
 *                      leading {@code [} or {@code L}); for native and kernel frames the library
 *                      basename ({@code libc.so.6}) or {@code kernel}. Readers turn '/' into '.', so
 *                      do not pass library paths.
 * @param methodName    method or symbol name
 * @param descriptor    JVM method descriptor; null or empty is allowed and is written as {@code ()L;}
 *                      because {@code jfr print} fails on frames without one
 * @param type          frame kind
 * @param lineNumber    source line, -1 when unknown
 * @param bytecodeIndex bytecode index, -1 when unknown
 */
public record Frame(
        String className, String methodName, String descriptor, FrameType type, int lineNumber, int bytecodeIndex) {

    /** What native and kernel frames get as descriptor: jfr print (JDK 17 and 25) needs a non-empty one. */
    public static final String PLACEHOLDER_DESCRIPTOR = "()L;";

    public Frame {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(methodName, "methodName");
        Objects.requireNonNull(type, "type");
        if (className.startsWith("[")) {
            throw new IllegalArgumentException("className must be a JVM class name without '[', was " + className);
        }
        if (lineNumber < -1 || bytecodeIndex < -1) {
            throw new IllegalArgumentException("lineNumber and bytecodeIndex must be >= -1 (-1 = unknown), were "
                    + lineNumber + " and " + bytecodeIndex);
        }
        if (descriptor == null || descriptor.isEmpty()) {
            descriptor = PLACEHOLDER_DESCRIPTOR;
        }
    }

    // Written out: a record's generated equals/hashCode bootstrap through invokedynamic (ObjectMethods) on first
    // use, which cost the agent's start-up milliseconds of method-handle spinning per record class in the
    // profiled JVM.
    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f
                && lineNumber == f.lineNumber
                && bytecodeIndex == f.bytecodeIndex
                && type == f.type
                && methodName.equals(f.methodName)
                && className.equals(f.className)
                && descriptor.equals(f.descriptor);
    }

    @Override
    public int hashCode() {
        int h = className.hashCode();
        h = 31 * h + methodName.hashCode();
        h = 31 * h + descriptor.hashCode();
        h = 31 * h + type.hashCode();
        h = 31 * h + lineNumber;
        return 31 * h + bytecodeIndex;
    }

    /** A native (C/C++ library) or kernel frame: no descriptor, line or bytecode index. */
    public static Frame symbol(String library, String symbol, FrameType type) {
        return new Frame(library, symbol, null, type, -1, -1);
    }
}
