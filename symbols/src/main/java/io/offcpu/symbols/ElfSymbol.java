package io.offcpu.symbols;

/** A function symbol from {@code .symtab} or {@code .dynsym}: ELF virtual address, size in bytes (0 if unknown). */
public record ElfSymbol(String name, long value, long size, int type, int binding) {
    public static final int STT_FUNC = 2;
    public static final int STT_GNU_IFUNC = 10;
    public static final int STB_LOCAL = 0;
    public static final int STB_GLOBAL = 1;
    public static final int STB_WEAK = 2;
}
