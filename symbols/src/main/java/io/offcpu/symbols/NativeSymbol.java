package io.offcpu.symbols;

/**
 * A native frame resolved to its file. {@code library} is the file name ({@code libc.so.6}) or a special
 * mapping name ({@code [vdso]}); {@code function} is null when no symbol covers the address. {@code offset}
 * is the offset from the function's start when the function is known, else the ELF virtual address in the
 * library (what {@code addr2line -e library} takes).
 */
public record NativeSymbol(String library, String function, long offset) {
    @Override
    public String toString() {
        return function != null
                ? library + "`" + function + "+0x" + Long.toHexString(offset)
                : library + "+0x" + Long.toHexString(offset);
    }
}
