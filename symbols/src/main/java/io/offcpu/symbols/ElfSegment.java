package io.offcpu.symbols;

/** A program header of an ELF64 file; {@code flags} has PF_X = 1, PF_W = 2, PF_R = 4. */
public record ElfSegment(
        int type, int flags, long fileOffset, long virtualAddress, long fileSize, long memorySize, long align) {
    public static final int PT_LOAD = 1;
    public static final int PT_NOTE = 4;
    public static final int PF_X = 1;

    public boolean isLoad() {
        return type == PT_LOAD;
    }

    public boolean isExecutable() {
        return (flags & PF_X) != 0;
    }
}
