package io.offcpu.symbols;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of an {@code .eh_frame} section: CIEs (shared parameters and initial rules) and FDEs (one per
 * function or code range, with the CFA program for it). Format: LSB Core Specification, "Exception Frames".
 */
final class EhFrame {

    /** A Common Information Entry; {@code instructionsStart..instructionsEnd} index the section buffer. */
    record Cie(
            int sectionOffset,
            String augmentation,
            long codeAlignment,
            long dataAlignment,
            int returnAddressRegister,
            int fdeEncoding,
            boolean hasAugmentationData,
            boolean signalFrame,
            int instructionsStart,
            int instructionsEnd) {}

    /** A Frame Description Entry covering ELF virtual addresses {@code [pcBegin, pcBegin + pcRange)}. */
    record Fde(int sectionOffset, Cie cie, long pcBegin, long pcRange, int instructionsStart, int instructionsEnd) {
        long pcEnd() {
            return pcBegin + pcRange;
        }
    }

    /** The parsed section: FDEs in section order, and records skipped with the reason (for diagnostics). */
    record Parsed(List<Fde> fdes, List<String> problems) {}

    private EhFrame() {}

    /**
     * @param section        the section's bytes
     * @param sectionAddress the section's ELF virtual address (sh_addr), the base of pcrel pointers
     * @param dataBase       the base of datarel pointers (.got address), 0 if none
     */
    static Parsed parse(ByteBuffer section, long sectionAddress, long dataBase) {
        ByteCursor cursor = new ByteCursor(section, 0);
        Map<Integer, Cie> cies = new HashMap<>();
        List<Fde> fdes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        while (cursor.position() + 4 <= cursor.limit()) {
            int recordStart = cursor.position();
            long length = cursor.u32();
            if (length == 0) {
                // A zero length terminates .eh_frame (crtend's terminator).
                break;
            }
            if (length == 0xffffffffL) {
                length = cursor.u64();
            }
            int bodyStart = cursor.position();
            long recordEnd = bodyStart + length;
            if (recordEnd > cursor.limit()) {
                problems.add("record at 0x" + Integer.toHexString(recordStart) + " has length " + length
                        + " past the section end 0x" + Integer.toHexString(cursor.limit()));
                break;
            }
            int idPosition = cursor.position();
            long id = cursor.u32();
            try {
                if (id == 0) {
                    cies.put(recordStart, parseCie(cursor, recordStart, (int) recordEnd, sectionAddress, dataBase));
                } else {
                    // In .eh_frame the CIE pointer is the distance back from this field to the CIE.
                    int cieOffset = (int) (idPosition - id);
                    Cie cie = cies.get(cieOffset);
                    if (cie == null) {
                        cie = parseCieAt(section, cieOffset, sectionAddress, dataBase);
                        cies.put(cieOffset, cie);
                    }
                    Fde fde = parseFde(cursor, recordStart, (int) recordEnd, cie, sectionAddress, dataBase);
                    if (fde.pcRange() > 0) {
                        fdes.add(fde);
                    }
                }
            } catch (RuntimeException e) {
                problems.add("record at 0x" + Integer.toHexString(recordStart) + ": " + e.getMessage());
            }
            cursor.seek((int) recordEnd);
        }
        return new Parsed(fdes, problems);
    }

    private static Cie parseCieAt(ByteBuffer section, int offset, long sectionAddress, long dataBase) {
        if (offset < 0 || offset + 8 > section.limit()) {
            throw new IllegalArgumentException(
                    "FDE points to a CIE at 0x" + Integer.toHexString(offset) + " outside the section");
        }
        ByteCursor cursor = new ByteCursor(section, offset);
        long length = cursor.u32();
        if (length == 0xffffffffL) {
            length = cursor.u64();
        }
        long end = cursor.position() + length;
        if (cursor.u32() != 0) {
            throw new IllegalArgumentException(
                    "FDE points to 0x" + Integer.toHexString(offset) + ", which is not a CIE");
        }
        return parseCie(cursor, offset, (int) end, sectionAddress, dataBase);
    }

    private static Cie parseCie(ByteCursor cursor, int recordStart, int recordEnd, long sectionAddress, long dataBase) {
        int version = cursor.u8();
        if (version != 1 && version != 3 && version != 4) {
            throw new IllegalArgumentException("CIE version " + version + " is not supported (1, 3, 4 are)");
        }
        String augmentation = cursor.cString();
        if (augmentation.contains("eh")) {
            cursor.u64(); // the ancient GCC 2.x "eh" data pointer
        }
        if (version == 4) {
            cursor.u8(); // address_size
            cursor.u8(); // segment_selector_size
        }
        long codeAlignment = cursor.uleb128();
        long dataAlignment = cursor.sleb128();
        int returnAddressRegister = version == 1 ? cursor.u8() : (int) cursor.uleb128();
        int fdeEncoding = PointerEncoding.ABSPTR;
        boolean signalFrame = false;
        boolean hasAugmentationData = augmentation.startsWith("z");
        if (hasAugmentationData) {
            long dataLength = cursor.uleb128();
            int dataEnd = (int) (cursor.position() + dataLength);
            for (int i = 1; i < augmentation.length(); i++) {
                char c = augmentation.charAt(i);
                switch (c) {
                    case 'R' -> fdeEncoding = cursor.u8();
                    case 'L' -> cursor.u8(); // LSDA encoding; the LSDA itself is skipped in each FDE
                    case 'P' -> {
                        int personalityEncoding = cursor.u8();
                        PointerEncoding.read(cursor, personalityEncoding & 0x7f, sectionAddress, dataBase, false);
                    }
                    case 'S' -> signalFrame = true;
                    default -> {
                        // Unknown letters ('B', 'G' on other targets) are fine: 'z' gives the data length.
                        i = augmentation.length();
                    }
                }
            }
            cursor.seek(dataEnd);
        } else if (!augmentation.isEmpty()) {
            throw new IllegalArgumentException(
                    "CIE augmentation \"" + augmentation + "\" without 'z' cannot be skipped");
        }
        return new Cie(
                recordStart,
                augmentation,
                codeAlignment,
                dataAlignment,
                returnAddressRegister,
                fdeEncoding,
                hasAugmentationData,
                signalFrame,
                cursor.position(),
                recordEnd);
    }

    private static Fde parseFde(
            ByteCursor cursor, int recordStart, int recordEnd, Cie cie, long sectionAddress, long dataBase) {
        long pcBegin = PointerEncoding.read(cursor, cie.fdeEncoding(), sectionAddress, dataBase, true);
        long pcRange = PointerEncoding.read(cursor, cie.fdeEncoding() & 0x0f, sectionAddress, dataBase, false);
        if (cie.hasAugmentationData()) {
            long dataLength = cursor.uleb128();
            cursor.seek((int) (cursor.position() + dataLength));
        }
        return new Fde(recordStart, cie, pcBegin, pcRange, cursor.position(), recordEnd);
    }
}
