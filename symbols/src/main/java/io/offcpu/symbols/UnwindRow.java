package io.offcpu.symbols;

/**
 * One row of an unwind table for x86_64: from ELF virtual address {@code pc} up to the next row's pc, the
 * caller's frame is found as {@code CFA = cfaRegister + cfaOffset}; the return address is at {@code CFA - 8};
 * the caller's RBP is at {@code CFA + rbpOffset}, or still in RBP when {@code rbpOffset == 0}.
 */
public record UnwindRow(long pc, CfaRegister cfaRegister, int cfaOffset, int rbpOffset) {
    public UnwindRow {
        if (cfaRegister == CfaRegister.UNDEFINED && (cfaOffset != 0 || rbpOffset != 0)) {
            throw new IllegalArgumentException(
                    "an UNDEFINED row carries no offsets, got cfaOffset=" + cfaOffset + " rbpOffset=" + rbpOffset);
        }
        if (rbpOffset != (short) rbpOffset) {
            throw new IllegalArgumentException("rbpOffset " + rbpOffset + " does not fit the 16-bit field");
        }
    }

    public static UnwindRow undefined(long pc) {
        return new UnwindRow(pc, CfaRegister.UNDEFINED, 0, 0);
    }

    public boolean isUndefined() {
        return cfaRegister == CfaRegister.UNDEFINED;
    }

    /** Same unwind rule (ignoring where it starts). */
    public boolean sameRuleAs(UnwindRow other) {
        return cfaRegister == other.cfaRegister && cfaOffset == other.cfaOffset && rbpOffset == other.rbpOffset;
    }

    UnwindRow at(long newPc) {
        return new UnwindRow(newPc, cfaRegister, cfaOffset, rbpOffset);
    }

    @Override
    public String toString() {
        String cfa = switch (cfaRegister) {
            case RSP -> "rsp+" + cfaOffset;
            case RBP -> "rbp+" + cfaOffset;
            case UNDEFINED -> "undefined";
        };
        return "0x" + Long.toHexString(pc) + " " + cfa + (rbpOffset != 0 ? " rbp@cfa" + rbpOffset : "");
    }
}
