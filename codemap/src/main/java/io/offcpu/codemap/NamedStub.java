package io.offcpu.codemap;

/**
 * Generated code that is not a Java method, named by the JVM: {@code Interpreter},
 * {@code StubRoutines (1)}, {@code I2C/C2I adapters}, ...
 */
public record NamedStub(String name, long start, int size, long loadTimeNanos) implements CodeBlob {
    @Override
    public String toString() {
        return name + "@" + Long.toHexString(start) + "+" + Integer.toHexString(size);
    }
}
