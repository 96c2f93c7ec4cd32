package io.offcpu.codemap;

/**
 * A piece of machine code in the JVM's code cache: a compiled Java method or a named blob of
 * generated code (interpreter, stub, adapter).
 */
public sealed interface CodeBlob permits JitMethod, NamedStub {
    /** Load time meaning "already there when the code map started" (a replayed event). */
    long LOADED_BEFORE_START = Long.MIN_VALUE;

    long start();

    int size();

    /** Exclusive end address. */
    default long end() {
        return start() + Integer.toUnsignedLong(size());
    }

    default boolean contains(long address) {
        return Long.compareUnsigned(address, start()) >= 0 && Long.compareUnsigned(address, end()) < 0;
    }

    /** System.nanoTime() when the JVM reported it, or {@link #LOADED_BEFORE_START}. */
    long loadTimeNanos();

    /** The symbol name, as written to the perf map. */
    String name();
}
