package io.offcpu.jni;

import java.io.IOException;

/**
 * Natives of kernel_symbols.c: /proc/kallsyms parsed in C into a table kept in native memory, named by a handle
 * that {@code io.offcpu.symbols.KernelSymbols} owns and must {@link #free} exactly once. No method may be called
 * with a freed handle.
 */
public final class KernelSymbolTable {
    private KernelSymbolTable() {}

    /**
     * Parses the kallsyms file at {@code path}.
     *
     * @return the table's handle (never 0)
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException naming the line that is not {@code hexaddress type name [module]}
     */
    public static native long read(String path) throws IOException;

    /** {@link #read} of kallsyms text in memory; {@code source} names it in errors. */
    public static native long parse(byte[] text, String source) throws IOException;

    /** Distinct text addresses kept (one name each). */
    public static native int size(long table);

    /** Symbol lines of every type read: with {@link #anyNonZeroAddress}, tells hidden addresses apart. */
    public static native long symbolLines(long table);

    /** False when every address read as 0 (kernel.kptr_restrict, or a reader without CAP_SYSLOG). */
    public static native boolean anyNonZeroAddress(long table);

    /**
     * The function at or before {@code address} within 1 MiB, or null.
     *
     * @param offsetAndModule receives the offset of the address in the function and its module index ({@link
     *                        #module}), -1 for the core kernel
     */
    public static native String lookup(long table, long address, long[] offsetAndModule);

    /** The name of module {@code index}, as between the brackets of {@code [module]}. */
    public static native String module(long table, int index);

    public static native void free(long table);
}
