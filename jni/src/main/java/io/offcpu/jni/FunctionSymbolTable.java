package io.offcpu.jni;

import java.io.IOException;

/**
 * Natives of function_table.c: the function symbols of an ELF file ({@code .symtab} and {@code .dynsym}, one name
 * per address) parsed in C into a table kept in native memory, named by a handle that {@code
 * io.offcpu.symbols.FunctionTable} owns and must {@link #free} exactly once. No method may be called with a freed
 * handle. Files are treated as hostile: a malformed one gives an IOException.
 */
public final class FunctionSymbolTable {
    private FunctionSymbolTable() {}

    /**
     * The table of the file at {@code path}, with the symbols of {@code debugPath} (its separate debug file, or
     * null) added; a debug file that cannot be read is left out.
     *
     * @return the table's handle (never 0)
     * @throws IOException when the file is not a readable ELF64 file or its symbol tables lie outside it
     */
    public static native long build(String path, String debugPath) throws IOException;

    /** Distinct function addresses kept. */
    public static native int size(long table);

    /**
     * The function containing the ELF virtual address, or null.
     *
     * @param startAndOffset receives the function's ELF address and the offset of {@code address} in it
     */
    public static native String lookup(long table, long address, long[] startAndOffset);

    public static native void free(long table);
}
