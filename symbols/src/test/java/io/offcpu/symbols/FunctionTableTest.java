package io.offcpu.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native function tables against files that lie: every malformed file gives an IOException or a table, never a crash. */
class FunctionTableTest {
    private static final int SECTION_OFFSET = 24;
    private static final int SECTION_SIZE = 32;
    private static final int SECTION_LINK = 40;
    private static final int SECTION_ENTRY_SIZE = 56;

    /** The fixture library's bytes with .symtab's section header field {@code field} set to {@code value}. */
    private static Path withSymtabField(Path library, Path directory, int field, long value, boolean asInt)
            throws Exception {
        byte[] bytes = Files.readAllBytes(library);
        ByteBuffer file = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int index;
        try (ElfFile elf = ElfFile.open(library)) {
            index = elf.section(".symtab").orElseThrow().index();
        }
        int header = (int) (file.getLong(40) + (long) index * Short.toUnsignedInt(file.getShort(58)));
        if (asInt) {
            file.putInt(header + field, (int) value);
        } else {
            file.putLong(header + field, value);
        }
        Path patched = directory.resolve("patched-" + field + "-" + value + ".so");
        Files.write(patched, bytes);
        return patched;
    }

    @Test
    void truncatedFileIsAnErrorNamingIt(@TempDir Path directory) throws Exception {
        Path library = Tools.fixtureLibrary("-O2 -fomit-frame-pointer");
        byte[] bytes = Files.readAllBytes(library);
        Path truncated = Files.write(directory.resolve("truncated.so"), Arrays.copyOf(bytes, bytes.length / 2));
        IOException error = assertThrows(IOException.class, () -> FunctionTable.read(truncated, null));
        assertTrue(error.getMessage().contains(truncated + ": truncated or corrupt ELF file"), error.getMessage());
        Path header = Files.write(directory.resolve("header-only.so"), Arrays.copyOf(bytes, 64));
        assertThrows(IOException.class, () -> FunctionTable.read(header, null));
        Path empty = Files.write(directory.resolve("empty.so"), new byte[0]);
        error = assertThrows(IOException.class, () -> FunctionTable.read(empty, null));
        assertTrue(error.getMessage().contains("not an ELF file"), error.getMessage());
    }

    @Test
    void symbolTableOutsideTheFileIsAnError(@TempDir Path directory) throws Exception {
        Path library = Tools.fixtureLibrary("-O2 -fomit-frame-pointer");
        for (long offset : new long[] {Files.size(library) - 8, 1L << 40, -1}) {
            Path patched = withSymtabField(library, directory, SECTION_OFFSET, offset, false);
            IOException error = assertThrows(IOException.class, () -> FunctionTable.read(patched, null));
            assertTrue(error.getMessage().contains("truncated or corrupt"), error.getMessage());
        }
        Path huge = withSymtabField(library, directory, SECTION_SIZE, 1L << 62, false);
        IOException error = assertThrows(IOException.class, () -> FunctionTable.read(huge, null));
        assertTrue(error.getMessage().contains("above 2 GiB"), error.getMessage());
    }

    @Test
    void oddEntrySizesAndLinksGiveATableWithoutReadingOutside(@TempDir Path directory) throws Exception {
        Path library = Tools.fixtureLibrary("-O2 -fomit-frame-pointer");
        int full;
        try (FunctionTable table = FunctionTable.read(library, null)) {
            full = table.size();
        }
        for (long entrySize : new long[] {0, 1, 25, 1 << 20, Long.MAX_VALUE, -1}) {
            try (FunctionTable table = FunctionTable.read(
                    withSymtabField(library, directory, SECTION_ENTRY_SIZE, entrySize, false), null)) {
                assertTrue(table.size() <= full, "entry size " + entrySize);
            }
        }
        // A string table index past the last section: .symtab is skipped, .dynsym still names the exports.
        try (FunctionTable table =
                FunctionTable.read(withSymtabField(library, directory, SECTION_LINK, 0xffff, true), null)) {
            assertTrue(table.size() > 0 && table.size() < full, table.size() + " of " + full);
        }
    }

    @Test
    void randomlyCorruptedFilesNeverCrash(@TempDir Path directory) throws Exception {
        Path library = Tools.fixtureLibrary("-O2 -fomit-frame-pointer");
        byte[] original = Files.readAllBytes(library);
        ByteBuffer file = ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN);
        int sectionHeaders = (int) file.getLong(40);
        Random random = new Random(42);
        Path corrupt = directory.resolve("corrupt.so");
        int tables = 0;
        for (int round = 0; round < 300; round++) {
            byte[] bytes = original.clone();
            for (int i = 0; i < 8; i++) {
                // Mostly in the section headers (offsets, sizes, links), sometimes anywhere.
                int at = random.nextInt(4) > 0 && sectionHeaders < bytes.length
                        ? sectionHeaders + random.nextInt(bytes.length - sectionHeaders)
                        : random.nextInt(bytes.length);
                bytes[at] = (byte) random.nextInt(256);
            }
            Files.write(corrupt, bytes);
            try (FunctionTable table = FunctionTable.read(corrupt, null)) {
                table.lookup(0x1000);
                tables++;
            } catch (IOException expected) {
                // An error is a fine answer to a corrupt file; a crash is not.
            }
        }
        assertTrue(tables > 0, "some corruptions leave readable symbol tables");
    }

    @Test
    void closedTableFindsNothing() throws Exception {
        Path library = Tools.fixtureLibrary("-O2 -fomit-frame-pointer");
        FunctionTable table = FunctionTable.read(library, null);
        long address = ElfFileTest.readelfFunctions(library).stream()
                .filter(e -> e.name().equals("fixture_leaf"))
                .findFirst()
                .orElseThrow()
                .value();
        assertEquals("fixture_leaf", table.lookup(address).name());
        table.close();
        table.close();
        assertNull(table.lookup(address));
    }
}
