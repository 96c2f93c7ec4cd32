package io.offcpu.symbols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.offcpu.jni.NativeUnwindTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnwindTableTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "-O2 -fomit-frame-pointer",
                "-O0 -fno-omit-frame-pointer",
                "-O2 -fno-omit-frame-pointer",
                "-O3 -fomit-frame-pointer -fasynchronous-unwind-tables"
            })
    void fixtureTableAgreesWithReadelfRowByRow(String flags) throws Exception {
        Path library = Tools.fixtureLibrary(flags);
        List<ReadelfFrames.Fde> expected = ReadelfFrames.of(library);
        for (UnwindTable table : bothProducers(library)) {
            assertTrue(table.problems().isEmpty(), table.problems()::toString);
            assertEquals(expected.size(), table.fdeCount(), "FDE count");
            assertAgrees(expected, table, expected.size());
        }
    }

    @Test
    void handWrittenCfiAgreesWithReadelf() throws Exception {
        Path library = Tools.assembledFixture("cfi_fixture.s");
        List<ReadelfFrames.Fde> expected = ReadelfFrames.of(library);
        for (UnwindTable table : bothProducers(library)) {
            handWrittenCfiAgrees(library, table, expected);
        }
    }

    private static void handWrittenCfiAgrees(Path library, UnwindTable table, List<ReadelfFrames.Fde> expected)
            throws Exception {
        assertTrue(table.problems().isEmpty(), table.problems()::toString);
        assertEquals(expected.size(), table.fdeCount(), "FDE count");

        // readelf prints "u" both for "not saved yet" and for DW_CFA_undefined; the one explicit
        // `.cfi_undefined %rbp` (5 one-byte instructions into cfi_unusual_rbp_rules, after the
        // register/same_value/expression/offset/val_offset steps) must stop the walk.
        long unusual = functionAddress(library, "cfi_unusual_rbp_rules");
        long undefinedRbpPc = unusual + 3 + 5;
        assertTrue(table.lookup(undefinedRbpPc).orElseThrow().isUndefined(), "DW_CFA_undefined rbp");
        assertAgrees(expected, table, expected.size(), Set.of(undefinedRbpPc));

        long outermost = functionAddress(library, "cfi_outermost");
        assertTrue(table.lookup(outermost).orElseThrow().isUndefined(), "undefined return address ends the walk");
        long otherColumn = functionAddress(library, "cfi_other_return_column");
        assertTrue(table.lookup(otherColumn).orElseThrow().isUndefined(), "return column rax is not unwindable");
        long signal = functionAddress(library, "cfi_signal_trampoline");
        assertTrue(table.lookup(signal + 1).orElseThrow().isUndefined(), "CFA expression is not register+offset");
        assertEquals(
                new UnwindRow(signal + 2, CfaRegister.RSP, 8, 0),
                table.lookup(signal + 2).orElseThrow());
    }

    private static long functionAddress(Path library, String name) throws Exception {
        return ElfFileTest.readelfFunctions(library).stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + library))
                .value();
    }

    @Test
    void frameBasedFixtureUsesRbpAndRecordsWhereRbpIsSaved() throws Exception {
        for (UnwindTable table : bothProducers(Tools.fixtureLibrary("-O0 -fno-omit-frame-pointer"))) {
            assertTrue(
                    table.rows().stream()
                            .anyMatch(r ->
                                    r.cfaRegister() == CfaRegister.RBP && r.cfaOffset() == 16 && r.rbpOffset() == -16),
                    "push rbp; mov rbp,rsp gives CFA=rbp+16 with rbp at CFA-16");
        }
    }

    @Test
    void everyLibcFdeAgreesWithReadelf() throws Exception {
        assumeTrue(Files.exists(Tools.LIBC), "no glibc at " + Tools.LIBC);
        List<ReadelfFrames.Fde> expected = ReadelfFrames.of(Tools.LIBC);
        for (UnwindTable table : bothProducers(Tools.LIBC)) {
            assertTrue(table.problems().isEmpty(), table.problems()::toString);
            assertEquals(expected.size(), table.fdeCount(), "FDE count");
            assertTrue(expected.size() > 1000, "libc has thousands of FDEs, readelf listed " + expected.size());
            assertAgrees(expected, table, expected.size());
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so",
                "/usr/lib/jvm/temurin-25-jdk-amd64/lib/server/libjvm.so",
                "/lib64/ld-linux-x86-64.so.2",
                "/usr/lib/x86_64-linux-gnu/libstdc++.so.6"
            })
    void otherRealLibrariesAgreeWithReadelf(String library) throws Exception {
        Path path = Path.of(library);
        assumeTrue(Files.exists(path), library + " is not installed");
        List<ReadelfFrames.Fde> expected = ReadelfFrames.of(path);
        for (UnwindTable table : bothProducers(path)) {
            assertTrue(table.problems().isEmpty(), table.problems()::toString);
            assertEquals(expected.size(), table.fdeCount(), "FDE count");
            assertAgrees(expected, table, expected.size());
        }
    }

    @Test
    void libcFunctionsTheJvmBlocksInCanBeUnwoundAtEveryInstruction() throws Exception {
        assumeTrue(Files.exists(Tools.LIBC), "no glibc at " + Tools.LIBC);
        List<ElfFileTest.Expected> symbols = new ArrayList<>(ElfFileTest.readelfFunctions(Tools.LIBC));
        try (ElfFile libc = ElfFile.open(Tools.LIBC)) {
            var debug = libc.separateDebugFile();
            if (debug.isPresent()) {
                symbols.addAll(ElfFileTest.readelfFunctions(debug.get()));
            }
        }
        List<String> wanted = new ArrayList<>(List.of(
                "pthread_cond_timedwait",
                "pthread_cond_wait",
                "clock_nanosleep",
                "nanosleep",
                "pthread_mutex_lock",
                "epoll_wait",
                "read",
                "poll"));
        if (symbols.stream().anyMatch(s -> s.name().equals("__futex_abstimed_wait_common"))) {
            wanted.add("__futex_abstimed_wait_common");
        }
        for (UnwindTable table : bothProducers(Tools.LIBC)) {
            libcFunctionsCanBeUnwoundAtEveryInstruction(table, symbols, wanted);
        }
    }

    private static void libcFunctionsCanBeUnwoundAtEveryInstruction(
            UnwindTable table, List<ElfFileTest.Expected> symbols, List<String> wanted) {
        for (String name : wanted) {
            ElfFileTest.Expected symbol = symbols.stream()
                    .filter(s -> s.name().equals(name) && s.size() > 0)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(name + " not in libc's symbols"));
            UnwindRow entry = table.lookup(symbol.value()).orElseThrow();
            assertEquals(
                    new UnwindRow(symbol.value(), CfaRegister.RSP, 8, 0),
                    entry.at(symbol.value()),
                    name + " entry: the return address is on top of the stack");
            for (long pc = symbol.value(); pc < symbol.value() + symbol.size(); pc++) {
                UnwindRow row = table.lookup(pc).orElseThrow();
                assertFalse(
                        row.isUndefined(),
                        name + "+0x" + Long.toHexString(pc - symbol.value()) + " has no unwind rule");
            }
        }
    }

    @Test
    void encodingIsTheSixteenByteLayoutTheBpfWalkerReads() {
        List<UnwindRow> rows = List.of(
                new UnwindRow(0x1122334455667788L, CfaRegister.RBP, 16, -16),
                new UnwindRow(0x1000, CfaRegister.RSP, 4112, 0),
                UnwindRow.undefined(0x2000));
        ByteBuffer encoded = UnwindTable.encode(rows);
        assertEquals(48, encoded.remaining());
        byte[] first = new byte[16];
        encoded.get(0, first);
        assertArrayEquals(
                new byte[] {
                    (byte) 0x88,
                    0x77,
                    0x66,
                    0x55,
                    0x44,
                    0x33,
                    0x22,
                    0x11, // pc
                    16,
                    0,
                    0,
                    0, // cfa_offset
                    (byte) 0xf0,
                    (byte) 0xff, // rbp_offset = -16
                    1, // cfa_register = RBP
                    0
                },
                first);
        ByteBuffer le = encoded.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x1000, le.getLong(16));
        assertEquals(4112, le.getInt(24));
        assertEquals(0, le.get(30));
        assertEquals(0x2000, le.getLong(32));
        assertEquals(2, le.get(46));
    }

    @Test
    void tableIsSortedCompactAndDeterministic() throws Exception {
        UnwindTable first = UnwindTable.of(Tools.LIBC);
        UnwindTable second = UnwindTable.of(Tools.LIBC);
        assertEquals(first.encode(), second.encode());
        for (UnwindTable table : bothProducers(Tools.LIBC)) {
            List<UnwindRow> rows = table.rows();
            for (int i = 1; i < rows.size(); i++) {
                assertTrue(
                        Long.compareUnsigned(rows.get(i - 1).pc(), rows.get(i).pc()) < 0, "sorted at " + i);
                assertFalse(rows.get(i - 1).sameRuleAs(rows.get(i)), "no repeated rule at " + rows.get(i));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/lib/x86_64-linux-gnu/libc.so.6",
                "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so",
                "/usr/lib/jvm/temurin-25-jdk-amd64/lib/server/libjvm.so",
                "/lib64/ld-linux-x86-64.so.2",
                "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
                "/usr/lib/x86_64-linux-gnu/libz.so.1",
                "/usr/lib/jvm/java-17-openjdk-amd64/lib/libjsvml.so",
                "/usr/lib/jvm/java-17-openjdk-amd64/bin/java"
            })
    void nativeRowsAreOursByteForByte(String library) throws Exception {
        Path path = Path.of(library);
        assumeTrue(Files.exists(path), library + " is not installed");
        UnwindTable ours = UnwindTable.of(path);
        NativeUnwindTable.Built built = NativeUnwindTable.build(path);
        assertEquals(ours.fdeCount(), built.fdeCount(), "FDE count");
        assertEquals(ours.problems().size(), built.problemCount(), "records left out");
        assertEquals(ours.encode(), built.rows(), "rows of " + library);
    }

    @Test
    void nativeTableOfAFileThatIsNotElfSaysSo() throws Exception {
        Path notElf = Files.createTempFile("offcpu-not-elf", ".so");
        try {
            Files.writeString(notElf, "not an ELF file at all, but long enough to hold a header ................");
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IOException.class, () -> NativeUnwindTable.build(notElf));
            assertTrue(e.getMessage().contains(notElf + " is not an ELF file"), e.getMessage());
        } finally {
            Files.deleteIfExists(notElf);
        }
    }

    /** The rows of our Java reference and the ones the JNI library builds in C for the BPF walker. */
    private static List<UnwindTable> bothProducers(Path library) throws IOException {
        NativeUnwindTable.Built built = NativeUnwindTable.build(library);
        List<String> problems = new ArrayList<>();
        for (long i = 0; i < built.problemCount(); i++) {
            problems.add("record " + i + " of .eh_frame left out by the JNI library");
        }
        return List.of(UnwindTable.of(library), UnwindTable.decode(built.rows(), (int) built.fdeCount(), problems));
    }

    private static int firstRowAtOrAbove(List<UnwindRow> rows, long pc) {
        int low = 0;
        int high = rows.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (Long.compareUnsigned(rows.get(mid).pc(), pc) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Compares both ways: readelf's rows against our lookups, our rows against readelf's, and FDE ends. */
    static void assertAgrees(List<ReadelfFrames.Fde> fdes, UnwindTable table, int limit) {
        assertAgrees(fdes, table, limit, Set.of());
    }

    /** @param ambiguousPcs where readelf's display cannot tell the rule (checked separately by the caller) */
    static void assertAgrees(List<ReadelfFrames.Fde> fdes, UnwindTable table, int limit, Set<Long> ambiguousPcs) {
        Set<Long> fdeStarts = new HashSet<>();
        fdes.forEach(f -> fdeStarts.add(f.pcBegin()));
        List<String> mismatches = new ArrayList<>();
        for (ReadelfFrames.Fde fde : fdes.subList(0, Math.min(limit, fdes.size()))) {
            if (fde.pcEnd() == fde.pcBegin()) {
                continue;
            }
            for (ReadelfFrames.Row row : fde.rows()) {
                if (row.pc() >= fde.pcEnd() || ambiguousPcs.contains(row.pc())) {
                    continue;
                }
                UnwindRow ours = table.lookup(row.pc()).orElse(null);
                if (ours == null || !ours.sameRuleAs(row.expected())) {
                    mismatches.add("at 0x" + Long.toHexString(row.pc()) + " readelf " + row + " ours " + ours);
                }
            }
            List<UnwindRow> rows = table.rows();
            for (int i = firstRowAtOrAbove(rows, fde.pcBegin());
                    i < rows.size() && Long.compareUnsigned(rows.get(i).pc(), fde.pcEnd()) < 0;
                    i++) {
                UnwindRow ours = rows.get(i);
                if (ambiguousPcs.contains(ours.pc())) {
                    continue;
                }
                ReadelfFrames.Row covering = null;
                for (ReadelfFrames.Row row : fde.rows()) {
                    if (row.pc() <= ours.pc()) {
                        covering = row;
                    }
                }
                if (covering == null || !covering.expected().sameRuleAs(ours)) {
                    mismatches.add("our row " + ours + " vs readelf " + covering);
                }
            }
            if (!fdeStarts.contains(fde.pcEnd())) {
                UnwindRow atEnd = table.lookup(fde.pcEnd()).orElse(null);
                if (atEnd == null || !atEnd.isUndefined()) {
                    mismatches.add("FDE end 0x" + Long.toHexString(fde.pcEnd()) + " should be UNDEFINED, is " + atEnd);
                }
            }
        }
        assertTrue(
                mismatches.isEmpty(),
                mismatches.size() + " mismatches, first: " + mismatches.subList(0, Math.min(20, mismatches.size())));
    }
}
