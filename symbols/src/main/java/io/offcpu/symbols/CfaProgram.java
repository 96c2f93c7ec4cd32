package io.offcpu.symbols;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Runs the DWARF call frame instructions of a CIE and an FDE (DWARF 5, section 6.4.2) and keeps only what the
 * BPF walker uses on x86_64: the CFA rule, where the caller's RBP is saved, and whether the return address is
 * at CFA-8. Every other register is ignored.
 */
final class CfaProgram {
    static final int REG_RBP = 6;
    static final int REG_RSP = 7;
    static final int REG_RETURN_ADDRESS = 16;

    /** How a register we track is recovered. */
    private enum RuleKind {
        /** Not saved: the caller's value is still in the register (also DW_CFA_same_value). */
        UNCHANGED,
        /** Saved at CFA + offset. */
        OFFSET,
        /** Any rule a row cannot express (undefined, register, expression, val_offset): stops the walk. */
        UNSUPPORTED
    }

    /** The tracked part of one row of the DWARF table; mutable while the program runs. */
    private static final class State {
        int cfaRegister = -1;
        long cfaOffset;
        boolean cfaIsExpression;
        RuleKind rbp = RuleKind.UNCHANGED;
        long rbpOffset;
        RuleKind returnAddress = RuleKind.UNSUPPORTED;
        long returnAddressOffset;

        State copy() {
            State s = new State();
            s.cfaRegister = cfaRegister;
            s.cfaOffset = cfaOffset;
            s.cfaIsExpression = cfaIsExpression;
            s.rbp = rbp;
            s.rbpOffset = rbpOffset;
            s.returnAddress = returnAddress;
            s.returnAddressOffset = returnAddressOffset;
            return s;
        }

        UnwindRow toRow(long pc) {
            if (cfaIsExpression
                    || (cfaRegister != REG_RSP && cfaRegister != REG_RBP)
                    || returnAddress != RuleKind.OFFSET
                    || returnAddressOffset != -8
                    || cfaOffset != (int) cfaOffset) {
                return UnwindRow.undefined(pc);
            }
            int savedRbp = 0;
            if (rbp == RuleKind.UNSUPPORTED) {
                return UnwindRow.undefined(pc);
            }
            if (rbp == RuleKind.OFFSET) {
                // 0 is reserved for "unchanged"; a save at CFA+0 would overlap the caller's frame anyway.
                if (rbpOffset == 0 || rbpOffset != (short) rbpOffset) {
                    return UnwindRow.undefined(pc);
                }
                savedRbp = (int) rbpOffset;
            }
            return new UnwindRow(
                    pc, cfaRegister == REG_RSP ? CfaRegister.RSP : CfaRegister.RBP, (int) cfaOffset, savedRbp);
        }
    }

    private CfaProgram() {}

    /**
     * The rows of one FDE within {@code [pcBegin, pcEnd)}, first at pcBegin, consecutive rows different.
     * An instruction that cannot be decoded makes the rest of the FDE UNDEFINED.
     */
    static List<UnwindRow> rows(ByteBuffer section, long sectionAddress, long dataBase, EhFrame.Fde fde) {
        EhFrame.Cie cie = fde.cie();
        List<UnwindRow> rows = new ArrayList<>();
        if (cie.returnAddressRegister() != REG_RETURN_ADDRESS) {
            rows.add(UnwindRow.undefined(fde.pcBegin()));
            return rows;
        }
        State initial = new State();
        Interpreter cieRun = new Interpreter(section, sectionAddress, dataBase, cie, initial, null, null);
        try {
            cieRun.run(cie.instructionsStart(), cie.instructionsEnd(), fde.pcBegin(), fde.pcEnd());
        } catch (RuntimeException e) {
            rows.add(UnwindRow.undefined(fde.pcBegin()));
            return rows;
        }
        State state = initial.copy();
        Interpreter fdeRun = new Interpreter(section, sectionAddress, dataBase, cie, state, initial, rows);
        try {
            fdeRun.run(fde.instructionsStart(), fde.instructionsEnd(), fde.pcBegin(), fde.pcEnd());
            fdeRun.emit(fdeRun.location, fdeRun.state);
        } catch (RuntimeException e) {
            fdeRun.emit(fdeRun.location, null);
        }
        return rows;
    }

    private static final class Interpreter {
        private final ByteBuffer section;
        private final long sectionAddress;
        private final long dataBase;
        private final EhFrame.Cie cie;
        private final State initial;
        private final List<UnwindRow> rows;
        private final Deque<State> remembered = new ArrayDeque<>();
        State state;
        long location;
        private long end;

        Interpreter(
                ByteBuffer section,
                long sectionAddress,
                long dataBase,
                EhFrame.Cie cie,
                State state,
                State initial,
                List<UnwindRow> rows) {
            this.section = section;
            this.sectionAddress = sectionAddress;
            this.dataBase = dataBase;
            this.cie = cie;
            this.state = state;
            this.initial = initial;
            this.rows = rows;
        }

        /** Appends the row in force from {@code pc}; null state means UNDEFINED (the program broke off). */
        void emit(long pc, State rowState) {
            if (rows == null || Long.compareUnsigned(pc, end) >= 0) {
                return;
            }
            UnwindRow row = rowState == null ? UnwindRow.undefined(pc) : rowState.toRow(pc);
            int last = rows.size() - 1;
            if (last >= 0 && rows.get(last).pc() == pc) {
                rows.remove(last);
                last--;
            }
            if (last >= 0 && rows.get(last).sameRuleAs(row)) {
                return;
            }
            rows.add(row);
        }

        private void advanceTo(long newLocation) {
            if (newLocation != location) {
                emit(location, state);
                location = newLocation;
            }
        }

        void run(int start, int stop, long pcBegin, long pcEnd) {
            location = pcBegin;
            end = pcEnd;
            ByteCursor in = new ByteCursor(section, start);
            long codeAlign = cie.codeAlignment();
            long dataAlign = cie.dataAlignment();
            while (in.position() < stop) {
                int opcode = in.u8();
                int high = opcode & 0xc0;
                int low = opcode & 0x3f;
                if (high == 0x40) { // DW_CFA_advance_loc
                    advanceTo(location + low * codeAlign);
                    continue;
                }
                if (high == 0x80) { // DW_CFA_offset
                    setOffsetRule(low, (long) in.uleb128() * dataAlign);
                    continue;
                }
                if (high == 0xc0) { // DW_CFA_restore
                    restore(low);
                    continue;
                }
                switch (opcode) {
                    case 0x00 -> {} // DW_CFA_nop
                    case 0x01 ->
                        advanceTo(PointerEncoding.read(
                                in, cie.fdeEncoding(), sectionAddress, dataBase, true)); // DW_CFA_set_loc
                    case 0x02 -> advanceTo(location + in.u8() * codeAlign);
                    case 0x03 -> advanceTo(location + in.u16() * codeAlign);
                    case 0x04 -> advanceTo(location + in.u32() * codeAlign);
                    case 0x05 -> setOffsetRule((int) in.uleb128(), in.uleb128() * dataAlign); // offset_extended
                    case 0x06 -> restore((int) in.uleb128()); // restore_extended
                    case 0x07 -> setRule((int) in.uleb128(), RuleKind.UNSUPPORTED); // undefined
                    case 0x08 -> setRule((int) in.uleb128(), RuleKind.UNCHANGED); // same_value
                    case 0x09 -> { // DW_CFA_register
                        int register = (int) in.uleb128();
                        in.uleb128();
                        setRule(register, RuleKind.UNSUPPORTED);
                    }
                    case 0x0a -> remembered.push(state.copy()); // remember_state
                    case 0x0b -> { // restore_state: the CFA rule is restored too (DWARF 5 6.4.2.4)
                        if (remembered.isEmpty()) {
                            throw new IllegalStateException("DW_CFA_restore_state without remember_state");
                        }
                        state = remembered.pop();
                    }
                    case 0x0c -> { // def_cfa
                        state.cfaRegister = (int) in.uleb128();
                        state.cfaOffset = in.uleb128();
                        state.cfaIsExpression = false;
                    }
                    case 0x0d -> { // def_cfa_register
                        state.cfaRegister = (int) in.uleb128();
                        state.cfaIsExpression = false;
                    }
                    case 0x0e -> state.cfaOffset = in.uleb128(); // def_cfa_offset
                    case 0x0f -> { // def_cfa_expression: not register+offset (PLT stubs, signal trampolines)
                        skipBlock(in);
                        state.cfaIsExpression = true;
                    }
                    case 0x10, 0x16 -> { // expression, val_expression
                        int register = (int) in.uleb128();
                        skipBlock(in);
                        setRule(register, RuleKind.UNSUPPORTED);
                    }
                    case 0x11 -> setOffsetRule((int) in.uleb128(), in.sleb128() * dataAlign); // offset_extended_sf
                    case 0x12 -> { // def_cfa_sf
                        state.cfaRegister = (int) in.uleb128();
                        state.cfaOffset = in.sleb128() * dataAlign;
                        state.cfaIsExpression = false;
                    }
                    case 0x13 -> state.cfaOffset = in.sleb128() * dataAlign; // def_cfa_offset_sf
                    case 0x14 -> { // val_offset
                        int register = (int) in.uleb128();
                        in.uleb128();
                        setRule(register, RuleKind.UNSUPPORTED);
                    }
                    case 0x15 -> { // val_offset_sf
                        int register = (int) in.uleb128();
                        in.sleb128();
                        setRule(register, RuleKind.UNSUPPORTED);
                    }
                    case 0x2e -> in.uleb128(); // DW_CFA_GNU_args_size: stack adjustment for landing pads only
                    case 0x2f ->
                        setOffsetRule((int) in.uleb128(), -in.uleb128() * dataAlign); // GNU_negative_offset_extended
                    default ->
                        throw new IllegalArgumentException("unsupported call frame instruction 0x"
                                + Integer.toHexString(opcode) + " at section offset 0x"
                                + Integer.toHexString(in.position() - 1));
                }
            }
        }

        private static void skipBlock(ByteCursor in) {
            long length = in.uleb128();
            in.seek((int) (in.position() + length));
        }

        private void setOffsetRule(int register, long offset) {
            if (register == REG_RBP) {
                state.rbp = RuleKind.OFFSET;
                state.rbpOffset = offset;
            } else if (register == REG_RETURN_ADDRESS) {
                state.returnAddress = RuleKind.OFFSET;
                state.returnAddressOffset = offset;
            }
        }

        private void setRule(int register, RuleKind kind) {
            if (register == REG_RBP) {
                state.rbp = kind;
            } else if (register == REG_RETURN_ADDRESS) {
                state.returnAddress = kind;
            }
        }

        private void restore(int register) {
            if (initial == null) {
                throw new IllegalStateException("DW_CFA_restore in a CIE's initial instructions");
            }
            if (register == REG_RBP) {
                state.rbp = initial.rbp;
                state.rbpOffset = initial.rbpOffset;
            } else if (register == REG_RETURN_ADDRESS) {
                state.returnAddress = initial.returnAddress;
                state.returnAddressOffset = initial.returnAddressOffset;
            }
        }
    }
}
