package io.offcpu.symbols;

import static io.offcpu.jni.KernelContract.UNWIND_ROW_CFA_OFFSET;
import static io.offcpu.jni.KernelContract.UNWIND_ROW_CFA_REGISTER;
import static io.offcpu.jni.KernelContract.UNWIND_ROW_PC;
import static io.offcpu.jni.KernelContract.UNWIND_ROW_RBP_OFFSET;
import static io.offcpu.jni.KernelContract.UNWIND_ROW_SIZE;

import io.offcpu.util.SortedArrays;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The unwind rules of one ELF file for the BPF user-stack walker, built from {@code .eh_frame}: rows sorted by
 * ELF virtual address, each valid up to the next one. Gaps between FDEs and the end of the last FDE are
 * UNDEFINED rows, so the walker's "last row at or below pc" search never borrows a rule from a neighbour.
 * Deterministic for a given file.
 */
public final class UnwindTable {
    private final List<UnwindRow> rows;
    private final long[] pcs;
    private final int fdeCount;
    private final List<String> problems;

    private UnwindTable(List<UnwindRow> rows, int fdeCount, List<String> problems) {
        this.rows = List.copyOf(rows);
        this.pcs = rows.stream().mapToLong(UnwindRow::pc).toArray();
        this.fdeCount = fdeCount;
        this.problems = List.copyOf(problems);
    }

    public static UnwindTable of(Path elfPath) throws IOException {
        try (ElfFile elf = ElfFile.open(elfPath)) {
            return of(elf);
        }
    }

    /** The table of an ELF file; empty when it has no {@code .eh_frame}. */
    public static UnwindTable of(ElfFile elf) throws IOException {
        if (elf.machine() != ElfFile.EM_X86_64) {
            throw new IOException(elf.path() + " is for ELF machine " + elf.machine()
                    + "; unwind tables are built for x86_64 (62) only");
        }
        Optional<ElfSection> ehFrame = elf.section(".eh_frame");
        if (ehFrame.isEmpty() || !ehFrame.get().hasFileData()) {
            return new UnwindTable(List.of(), 0, List.of(elf.path() + " has no .eh_frame section"));
        }
        long dataBase = elf.section(".got").map(ElfSection::address).orElse(0L);
        return of(elf.sectionData(ehFrame.get()), ehFrame.get().address(), dataBase);
    }

    /**
     * @param ehFrame        the section's bytes
     * @param sectionAddress its ELF virtual address (sh_addr)
     * @param dataBase       base of datarel pointers (the .got address), 0 if none
     */
    static UnwindTable of(ByteBuffer ehFrame, long sectionAddress, long dataBase) {
        EhFrame.Parsed parsed = EhFrame.parse(ehFrame, sectionAddress, dataBase);
        List<EhFrame.Fde> fdes = new ArrayList<>(parsed.fdes());
        // Longer FDE first on equal starts, so a shorter duplicate overrides the start of a longer one.
        fdes.sort(Comparator.comparing(EhFrame.Fde::pcBegin, Long::compareUnsigned)
                .thenComparing(EhFrame.Fde::pcRange, Comparator.reverseOrder()));
        List<UnwindRow> merged = new ArrayList<>();
        long pendingEnd = 0;
        boolean pending = false;
        for (EhFrame.Fde fde : fdes) {
            if (pending) {
                if (Long.compareUnsigned(fde.pcBegin(), pendingEnd) > 0) {
                    append(merged, UnwindRow.undefined(pendingEnd));
                } else {
                    // Overlapping FDEs (rare; hand-written assembly): the later one wins from its start.
                    while (!merged.isEmpty()
                            && Long.compareUnsigned(last(merged).pc(), fde.pcBegin()) >= 0) {
                        merged.remove(merged.size() - 1);
                    }
                }
            }
            for (UnwindRow row : CfaProgram.rows(ehFrame, sectionAddress, dataBase, fde)) {
                append(merged, row);
            }
            pendingEnd = fde.pcEnd();
            pending = true;
        }
        if (pending) {
            append(merged, UnwindRow.undefined(pendingEnd));
        }
        return new UnwindTable(merged, fdes.size(), parsed.problems());
    }

    /**
     * A table from rows in the {@link #encode(List)} layout, e.g. the ones the JNI library builds in C, so they
     * can be looked up and compared like ours.
     */
    static UnwindTable decode(ByteBuffer encoded, int fdeCount, List<String> problems) {
        ByteBuffer in = encoded.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        List<UnwindRow> rows = new ArrayList<>(in.remaining() / UNWIND_ROW_SIZE);
        for (int at = in.position(); at + UNWIND_ROW_SIZE <= in.limit(); at += UNWIND_ROW_SIZE) {
            CfaRegister register;
            try {
                register = CfaRegister.of(in.get(at + UNWIND_ROW_CFA_REGISTER));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("row " + (at / UNWIND_ROW_SIZE) + " has " + e.getMessage(), e);
            }
            rows.add(new UnwindRow(
                    in.getLong(at + UNWIND_ROW_PC),
                    register,
                    in.getInt(at + UNWIND_ROW_CFA_OFFSET),
                    in.getShort(at + UNWIND_ROW_RBP_OFFSET)));
        }
        return new UnwindTable(rows, fdeCount, problems);
    }

    private static UnwindRow last(List<UnwindRow> rows) {
        return rows.get(rows.size() - 1);
    }

    private static void append(List<UnwindRow> rows, UnwindRow row) {
        if (!rows.isEmpty() && last(rows).pc() == row.pc()) {
            rows.remove(rows.size() - 1);
        }
        if (!rows.isEmpty() && last(rows).sameRuleAs(row)) {
            return;
        }
        rows.add(row);
    }

    public List<UnwindRow> rows() {
        return rows;
    }

    /** Number of FDEs the table was built from. */
    public int fdeCount() {
        return fdeCount;
    }

    /** Records of {@code .eh_frame} that could not be parsed and were left out (normally none). */
    public List<String> problems() {
        return problems;
    }

    /**
     * The row in force at ELF virtual address {@code pc} (the last row starting at or below it), as the BPF
     * walker looks it up; empty below the first row. For a caller's frame look up {@code returnAddress - 1}:
     * a call that ends a function returns to the first byte of the next one.
     */
    public Optional<UnwindRow> lookup(long pc) {
        int found = SortedArrays.floorUnsigned(pcs, pcs.length, pc);
        return found < 0 ? Optional.empty() : Optional.of(rows.get(found));
    }

    /** This table in the BPF layout, see {@link #encode(List)}. */
    public ByteBuffer encode() {
        return encode(rows);
    }

    /**
     * Rows in the layout the BPF side reads (struct offcpu_unwind_row), little-endian. The returned buffer is
     * positioned at 0 with the limit at the end of the rows.
     */
    public static ByteBuffer encode(List<UnwindRow> rows) {
        ByteBuffer out = ByteBuffer.allocate(rows.size() * UNWIND_ROW_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        for (UnwindRow row : rows) {
            out.putLong(at + UNWIND_ROW_PC, row.pc());
            out.putInt(at + UNWIND_ROW_CFA_OFFSET, row.cfaOffset());
            out.putShort(at + UNWIND_ROW_RBP_OFFSET, (short) row.rbpOffset());
            out.put(at + UNWIND_ROW_CFA_REGISTER, (byte) row.cfaRegister().code());
            at += UNWIND_ROW_SIZE;
        }
        return out;
    }
}
