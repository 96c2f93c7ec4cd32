package io.offcpu.symbols;

/** A section header of an ELF64 file. {@code address} is the section's ELF virtual address (0 if not allocated). */
public record ElfSection(
        int index,
        String name,
        int type,
        long flags,
        long address,
        long fileOffset,
        long size,
        int link,
        int info,
        long entrySize) {
    public static final int SHT_PROGBITS = 1;
    public static final int SHT_SYMTAB = 2;
    public static final int SHT_STRTAB = 3;
    public static final int SHT_NOTE = 7;
    public static final int SHT_NOBITS = 8;
    public static final int SHT_DYNSYM = 11;

    /** NOBITS sections (.bss, or code sections in a separate debug file) have no bytes in the file. */
    public boolean hasFileData() {
        return type != SHT_NOBITS && size > 0;
    }
}
