package io.offcpu.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfFileTest {
    private static final Pattern READELF_SYMBOL = Pattern.compile(
            "^\\s*\\d+: ([0-9a-f]{16})\\s+(\\d+|0x[0-9a-f]+) (FUNC|IFUNC)\\s+(\\S+)\\s+\\S+\\s+(\\S+) (\\S+).*");

    record Expected(String name, long value, long size, String binding) {}

    /** Defined FUNC/IFUNC symbols of .dynsym and .symtab per {@code readelf -sW}, version suffixes removed. */
    static Set<Expected> readelfFunctions(Path elf) throws Exception {
        Set<Expected> result = new HashSet<>();
        for (String line : Tools.run("readelf", "-sW", elf.toString()).split("\n")) {
            Matcher m = READELF_SYMBOL.matcher(line);
            if (!m.matches() || m.group(5).equals("UND") || Long.parseUnsignedLong(m.group(1), 16) == 0) {
                continue;
            }
            String size = m.group(2);
            long sizeBytes = size.startsWith("0x") ? Long.parseLong(size.substring(2), 16) : Long.parseLong(size);
            String name = m.group(6).replaceAll("@.*", "");
            result.add(new Expected(name, Long.parseUnsignedLong(m.group(1), 16), sizeBytes, m.group(4)));
        }
        return result;
    }

    /**
     * The table against readelf: one entry per distinct address, named by the alias the documented rule prefers
     * (global, weak, local; fewest leading underscores; shortest; by bytes), sized by the largest alias.
     */
    static void assertTableMatchesReadelf(Path elf) throws Exception {
        TreeMap<Long, List<Expected>> byAddress = new TreeMap<>();
        for (Expected e : readelfFunctions(elf)) {
            byAddress.computeIfAbsent(e.value(), k -> new ArrayList<>()).add(e);
        }
        Comparator<Expected> preference = Comparator.<Expected>comparingInt(e -> switch (e.binding()) {
                    case "GLOBAL" -> 0;
                    case "WEAK" -> 1;
                    default -> 2;
                })
                .thenComparingInt(e -> leadingUnderscores(e.name()))
                .thenComparingInt(e -> e.name().length())
                .thenComparing(Expected::name);
        try (FunctionTable table = FunctionTable.read(elf, null)) {
            assertEquals(byAddress.size(), table.size(), elf + ": one entry per distinct function address");
            for (var entry : byAddress.entrySet()) {
                long address = entry.getKey();
                String preferred =
                        entry.getValue().stream().min(preference).orElseThrow().name();
                long size = entry.getValue().stream()
                        .mapToLong(Expected::size)
                        .max()
                        .orElseThrow();
                assertEquals(new FunctionTable.Hit(preferred, address, 0), table.lookup(address), elf.toString());
                Long next = byAddress.higherKey(address);
                if (size > 1 && (next == null || next >= address + size)) {
                    assertEquals(
                            new FunctionTable.Hit(preferred, address, size - 1),
                            table.lookup(address + size - 1),
                            "last byte of " + preferred);
                }
            }
        }
    }

    private static int leadingUnderscores(String name) {
        int n = 0;
        while (n < name.length() && name.charAt(n) == '_') {
            n++;
        }
        return n;
    }

    @Test
    void functionSymbolsOfTheFixtureMatchReadelf() throws Exception {
        Tools.requireTool("readelf");
        for (String flags : new String[] {"-O2 -fomit-frame-pointer", "-O0 -fno-omit-frame-pointer"}) {
            Path library = Tools.fixtureLibrary(flags);
            assertTrue(
                    readelfFunctions(library).stream().anyMatch(e -> e.name().equals("fixture_static_helper")),
                    "the static function is in .symtab");
            assertTableMatchesReadelf(library);
        }
    }

    @Test
    void functionSymbolsOfLibcMatchReadelf() throws Exception {
        Tools.requireTool("readelf");
        assumeTrue(Files.exists(Tools.LIBC));
        assertTrue(readelfFunctions(Tools.LIBC).size() > 2000, "libc exports thousands of functions");
        assertTableMatchesReadelf(Tools.LIBC);
    }

    @Test
    void functionSymbolsOfLibjvmMatchReadelf() throws Exception {
        Tools.requireTool("readelf");
        Path libjvm = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");
        assumeTrue(Files.exists(libjvm), "no libjvm at " + libjvm);
        assertTableMatchesReadelf(libjvm);
    }

    @Test
    void buildIdMatchesReadelfNotes() throws Exception {
        Tools.requireTool("readelf");
        Matcher m = Pattern.compile("Build ID: ([0-9a-f]+)").matcher(Tools.run("readelf", "-n", Tools.LIBC.toString()));
        assertTrue(m.find(), "readelf shows libc's build-id");
        try (ElfFile libc = ElfFile.open(Tools.LIBC)) {
            assertEquals(m.group(1), libc.buildId().orElseThrow());
            assertTrue(libc.section(".eh_frame").isPresent());
            assertEquals(ElfFile.ET_DYN, libc.type());
            assertEquals(ElfFile.EM_X86_64, libc.machine());
            libc.separateDebugFile()
                    .ifPresent(debug -> assertTrue(debug.toString()
                            .endsWith(m.group(1).substring(0, 2) + "/"
                                    + m.group(1).substring(2) + ".debug")));
        }
    }

    @Test
    void loadBiasIsTheSameFromEverySegmentsMapping() throws Exception {
        long bias = 0x7f3a64e00000L;
        try (ElfFile libc = ElfFile.open(Tools.LIBC)) {
            int loads = 0;
            for (ElfSegment segment : libc.segments()) {
                if (!segment.isLoad()) {
                    continue;
                }
                loads++;
                // What the kernel maps for this segment: page-aligned start and offset.
                long mappingStart = (bias + segment.virtualAddress()) & ~0xfffL;
                long mappingOffset = segment.fileOffset() & ~0xfffL;
                assertEquals(bias, libc.loadBias(mappingStart, mappingOffset), "segment " + segment);
            }
            assertTrue(loads >= 2);
            IllegalArgumentException error =
                    assertThrows(IllegalArgumentException.class, () -> libc.loadBias(0x7f0000000000L, 0x7fff0000L));
            assertTrue(error.getMessage().contains("0x7fff0000"), error.getMessage());
        }
    }

    @Test
    void fixedAddressExecutableHasNoBias(@TempDir Path directory) throws Exception {
        Tools.requireTool("gcc");
        Path executable = directory.resolve("fixed");
        Path source = Tools.fixtureLibrary("-O0 -fno-omit-frame-pointer").resolveSibling("unwind_fixture.c");
        Tools.run(
                "gcc",
                "-O1",
                "-no-pie",
                "-Wl,--unresolved-symbols=ignore-all",
                "-nostartfiles",
                "-Wl,-e,fixture_entry",
                "-o",
                executable.toString(),
                source.toString());
        try (ElfFile elf = ElfFile.open(executable)) {
            assertEquals(ElfFile.ET_EXEC, elf.type());
            assertEquals(0, elf.loadBias(0x401000, 0x1000));
        }
    }

    @Test
    void rejectsFilesThatAreNotElf(@TempDir Path directory) throws Exception {
        Path text = Files.writeString(
                directory.resolve("not-elf"), "#!/bin/sh\necho hello, this is not ELF at all\n" + "x".repeat(100));
        IOException error = assertThrows(IOException.class, () -> ElfFile.open(text));
        assertTrue(error.getMessage().contains("not an ELF file"), error.getMessage());
    }
}
