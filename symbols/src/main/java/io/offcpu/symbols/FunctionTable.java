package io.offcpu.symbols;

import io.offcpu.jni.FunctionSymbolTable;
import io.offcpu.jni.NativeLibrary;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Function symbols of one ELF file (and its separate debug file) sorted by address, for lookups by binary search.
 * Where several names share an address (aliases such as {@code __nanosleep}/{@code nanosleep}) one is kept: global
 * before weak before local, then the fewest leading underscores, then the shortest, then alphabetical —
 * deterministic, and usually the public name. An address is attributed to a symbol up to 64 bytes past its end
 * (alignment padding), or 4 KiB past the start of a size-0 symbol (hand-written assembly).
 *
 * <p>Parsed and kept in native memory (jni/src/main/c/function_table.c): the agent builds these in the profiled
 * JVM when a library is first symbolized (libjvm: ~57k symbols), and in Java they were ~9 MB of the application's
 * heap and C2 compilations of the parsing loops. A lookup is one JNI call; {@link #close} frees the table, and
 * lookups after it find nothing.
 */
public final class FunctionTable implements AutoCloseable {
    /** A table without symbols, for files that could not be read. */
    static final FunctionTable EMPTY = new FunctionTable(0, 0);

    /** 0 once closed, or for {@link #EMPTY}. */
    private long table;

    private final int size;

    private FunctionTable(long table, int size) {
        this.table = table;
        this.size = size;
    }

    /**
     * The function symbols of {@code elf}'s {@code .symtab} and {@code .dynsym}, and of {@code debugFile}'s (null
     * for none; left out if it cannot be read).
     *
     * @throws IOException when {@code elf} is not a readable ELF64 file or its symbol tables lie outside it
     */
    public static FunctionTable read(Path elf, Path debugFile) throws IOException {
        NativeLibrary.load();
        long table = FunctionSymbolTable.build(elf.toString(), debugFile == null ? null : debugFile.toString());
        return new FunctionTable(table, FunctionSymbolTable.size(table));
    }

    public int size() {
        return size;
    }

    /** The function containing the ELF virtual address, or null. */
    public synchronized Hit lookup(long elfAddress) {
        if (table == 0) {
            return null;
        }
        long[] startAndOffset = new long[2];
        String name = FunctionSymbolTable.lookup(table, elfAddress, startAndOffset);
        return name == null ? null : new Hit(name, startAndOffset[0], startAndOffset[1]);
    }

    /** Frees the native table; idempotent. */
    @Override
    public synchronized void close() {
        if (table != 0) {
            FunctionSymbolTable.free(table);
            table = 0;
        }
    }

    /** A lookup result: the symbol's name and ELF address, and the offset of the looked-up address in it. */
    public record Hit(String name, long start, long offset) {}
}
