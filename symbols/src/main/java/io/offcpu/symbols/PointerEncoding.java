package io.offcpu.symbols;

/**
 * The DW_EH_PE_* pointer encodings of {@code .eh_frame} (LSB "Linux Standard Base Core Specification",
 * section "DWARF Exception Header Encoding"): the low nibble is the value format, the next three bits how
 * the value is applied (relative to the field's own address, to the data base, ...), 0x80 an indirection.
 */
final class PointerEncoding {
    static final int OMIT = 0xff;
    static final int ABSPTR = 0x00;
    private static final int ULEB128 = 0x01;
    private static final int UDATA2 = 0x02;
    private static final int UDATA4 = 0x03;
    private static final int UDATA8 = 0x04;
    private static final int SLEB128 = 0x09;
    private static final int SDATA2 = 0x0a;
    private static final int SDATA4 = 0x0b;
    private static final int SDATA8 = 0x0c;
    private static final int PCREL = 0x10;
    private static final int TEXTREL = 0x20;
    private static final int DATAREL = 0x30;
    private static final int FUNCREL = 0x40;
    private static final int ALIGNED = 0x50;

    private PointerEncoding() {}

    /**
     * Reads a pointer at the cursor.
     *
     * @param sectionAddress ELF virtual address of the cursor's position 0 (for pcrel)
     * @param dataBase       base for datarel values (the .got address on x86_64)
     * @param applyBase      false for FDE address ranges, which use only the format
     */
    static long read(ByteCursor cursor, int encoding, long sectionAddress, long dataBase, boolean applyBase) {
        if (encoding == OMIT) {
            throw new IllegalArgumentException("pointer encoding 0xff (omit) has no value to read");
        }
        int application = encoding & 0x70;
        if (application == ALIGNED) {
            cursor.seek((cursor.position() + 7) & ~7);
        }
        long fieldAddress = sectionAddress + cursor.position();
        long value = switch (encoding & 0x0f) {
            case ABSPTR -> cursor.u64();
            case ULEB128 -> cursor.uleb128();
            case UDATA2 -> cursor.u16();
            case UDATA4 -> cursor.u32();
            case UDATA8, SDATA8 -> cursor.u64();
            case SLEB128 -> cursor.sleb128();
            case SDATA2 -> cursor.s16();
            case SDATA4 -> cursor.s32();
            default ->
                throw new IllegalArgumentException("unknown pointer encoding format 0x"
                        + Integer.toHexString(encoding & 0x0f) + " in encoding 0x" + Integer.toHexString(encoding)
                        + "; known: absptr, uleb128, udata2/4/8, sleb128, sdata2/4/8");
        };
        if (!applyBase) {
            return value;
        }
        return switch (application) {
            case 0, ALIGNED -> value;
            case PCREL -> value + fieldAddress;
            case DATAREL -> value + dataBase;
            // textrel/funcrel are not produced by x86_64 toolchains for .eh_frame.
            case TEXTREL, FUNCREL ->
                throw new IllegalArgumentException("pointer application 0x" + Integer.toHexString(application)
                        + " (textrel/funcrel) is not supported in .eh_frame");
            default ->
                throw new IllegalArgumentException("unknown pointer application 0x" + Integer.toHexString(application)
                        + " in encoding 0x" + Integer.toHexString(encoding));
        };
        // DW_EH_PE_indirect (0x80) only appears on personality pointers, which are skipped, not followed.
    }
}
