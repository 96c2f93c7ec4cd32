package io.offcpu.jfr;

/**
 * Frame kinds, spelled the way JMC's {@code IMCFrame.Type} and the JDK's {@code jdk.types.FrameType}
 * spell them; JMC maps any other string to "unknown".
 */
public enum FrameType {
    INTERPRETED("Interpreted"),
    JIT_COMPILED("JIT compiled"),
    INLINED("Inlined"),
    NATIVE("Native"),
    CPP("C++"),
    KERNEL("Kernel");

    private final String jfrName;

    FrameType(String jfrName) {
        this.jfrName = jfrName;
    }

    /** The description string written into the {@code jdk.types.FrameType} constant pool. */
    public String jfrName() {
        return jfrName;
    }

    /** Whether frames of this kind belong to a Java method (and so have a Java class and package). */
    public boolean isJava() {
        return this == INTERPRETED || this == JIT_COMPILED || this == INLINED;
    }
}
