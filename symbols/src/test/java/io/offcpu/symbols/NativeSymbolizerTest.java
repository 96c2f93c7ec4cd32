package io.offcpu.symbols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NativeSymbolizerTest {

    /** Address → names, from {@code nm [-D] --defined-only} text symbols (T/t/W/w/i). */
    static Map<Long, Set<String>> nmFunctions(Path elf, boolean dynamic) throws Exception {
        Tools.requireTool("nm");
        List<String> command = new ArrayList<>(List.of("nm"));
        if (dynamic) {
            command.add("-D");
        }
        command.addAll(List.of("--defined-only", elf.toString()));
        Map<Long, Set<String>> result = new HashMap<>();
        for (String line : Tools.run(command.toArray(String[]::new)).split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 3 && "TtWwi".contains(parts[1])) {
                result.computeIfAbsent(Long.parseUnsignedLong(parts[0], 16), k -> new HashSet<>())
                        .add(parts[2].replaceAll("@.*", ""));
            }
        }
        return result;
    }

    /** A maps text placing the library's PT_LOAD segments at {@code bias}, as the dynamic loader would. */
    static String mapsFor(Path library, long bias) throws Exception {
        StringBuilder text = new StringBuilder();
        try (ElfFile elf = ElfFile.open(library)) {
            for (ElfSegment segment : elf.segments()) {
                if (!segment.isLoad()) {
                    continue;
                }
                long start = (bias + segment.virtualAddress()) & ~0xfffL;
                long end = (bias + segment.virtualAddress() + segment.memorySize() + 0xfff) & ~0xfffL;
                String perms = segment.isExecutable() ? "r-xp" : "r--p";
                text.append(String.format(
                        "%x-%x %s %08x 08:01 4242 %s%n", start, end, perms, segment.fileOffset() & ~0xfffL, library));
            }
        }
        return text.toString();
    }

    @Test
    void everyFixtureFunctionResolvesBackToItsName() throws Exception {
        Path library = Tools.fixtureLibrary("-O2 -fomit-frame-pointer");
        long bias = 0x7f1234500000L;
        NativeSymbolizer symbolizer =
                new NativeSymbolizer(0, ProcessMaps.parse(mapsFor(library, bias)), new ElfSymbolCache());
        Map<Long, Set<String>> nm = nmFunctions(library, false);
        assertTrue(nm.values().stream().anyMatch(n -> n.contains("fixture_static_helper")));
        Map<String, Long> sizes = new HashMap<>();
        for (String line :
                Tools.run("nm", "-S", "--defined-only", library.toString()).split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 4) {
                sizes.put(parts[3], Long.parseLong(parts[1], 16));
            }
        }
        for (var entry : nm.entrySet()) {
            for (String name : entry.getValue()) {
                long size = sizes.getOrDefault(name, 1L);
                for (long offset : new long[] {0, Math.max(0, size - 1)}) {
                    NativeSymbol symbol =
                            symbolizer.symbolize(bias + entry.getKey() + offset).orElseThrow();
                    assertEquals(library.getFileName().toString(), symbol.library());
                    assertTrue(entry.getValue().contains(symbol.function()), name + " resolved as " + symbol);
                    assertEquals(offset, symbol.offset(), name);
                }
            }
        }
    }

    @Test
    void unreadableFileStillNamesTheLibrary() {
        ProcessMaps maps =
                ProcessMaps.parse("7f0000000000-7f0000010000 r-xp 00002000 08:01 77 /nonexistent/libmissing.so\n");
        ElfSymbolCache cache = new ElfSymbolCache();
        NativeSymbolizer symbolizer = new NativeSymbolizer(0, maps, cache);
        assertEquals(
                new NativeSymbol("libmissing.so", null, 0x2010),
                symbolizer.symbolize(0x7f0000000010L).orElseThrow(),
                "offset in the file when the ELF cannot be read");
        symbolizer.symbolize(0x7f0000000020L);
        assertEquals(1, cache.size(), "the failed file is remembered, not retried per frame");
    }

    @Test
    void addressOutsideMappingsAndInAnonymousMemory() throws Exception {
        ProcessMaps maps = ProcessMaps.parse("7f0000000000-7f0000001000 rwxp 00000000 00:00 0 \n");
        NativeSymbolizer symbolizer = new NativeSymbolizer(0, maps, new ElfSymbolCache());
        assertTrue(symbolizer.symbolize(0x1000).isEmpty());
        NativeSymbol anonymous = symbolizer.symbolize(0x7f0000000010L).orElseThrow();
        assertNull(anonymous.function());
        assertEquals("[anon]", anonymous.library());
        assertEquals(0x10, anonymous.offset());
    }

    @Test
    void liveLibcFunctionsRoundTripThroughThisJvmsMaps() throws Exception {
        ProcessMaps maps = ProcessMaps.ofSelf();
        MemoryMapping libcText = maps.executableFileMappings().stream()
                .filter(m -> m.fileName().startsWith("libc.so"))
                .findFirst()
                .orElseThrow();
        Path libcPath = Path.of(libcText.filePath());
        Map<Long, Set<String>> exported = nmFunctions(libcPath, true);
        Map<String, Long> byName = new HashMap<>();
        exported.forEach((address, names) -> names.forEach(n -> byName.put(n, address)));
        NativeSymbolizer symbolizer = new NativeSymbolizer(0, maps, new ElfSymbolCache());
        try (ElfFile libc = ElfFile.open(libcPath);
                RandomAccessFile memory = new RandomAccessFile("/proc/self/mem", "r")) {
            long bias = libc.loadBias(libcText);
            for (String name : List.of(
                    "clock_nanosleep",
                    "pthread_cond_timedwait",
                    "nanosleep",
                    "epoll_wait",
                    "pthread_mutex_lock",
                    "read")) {
                long value = byName.get(name);
                long runtime = bias + value;
                // Oracle for the bias: the bytes this process executes are the file's bytes of that function.
                byte[] live = new byte[32];
                memory.seek(runtime);
                memory.readFully(live);
                assertArrayEquals(fileBytes(libc, value, 32), live, name + " at 0x" + Long.toHexString(runtime));

                NativeSymbol symbol = symbolizer.symbolize(runtime + 3).orElseThrow();
                assertEquals(libcPath.getFileName().toString(), symbol.library());
                assertTrue(
                        exported.get(value).contains(symbol.function()),
                        name + " resolved as " + symbol + ", nm names " + exported.get(value));
                assertEquals(3, symbol.offset());
            }
            assertEquals(
                    "clock_nanosleep",
                    symbolizer
                            .symbolize(bias + byName.get("clock_nanosleep"))
                            .orElseThrow()
                            .function(),
                    "the public name is preferred among aliases");
        }
    }

    @Test
    void staticLibcFunctionsResolveThroughTheSeparateDebugFile() throws Exception {
        Path libcPath = Tools.LIBC;
        assumeTrue(Files.exists(libcPath));
        try (ElfFile libc = ElfFile.open(libcPath)) {
            assumeTrue(libc.separateDebugFile().isPresent(), "libc6-dbg is not installed");
            Map<Long, Set<String>> debugNames =
                    nmFunctions(libc.separateDebugFile().get(), false);
            long address = debugNames.entrySet().stream()
                    .filter(e -> e.getValue().contains("__futex_abstimed_wait_common"))
                    .findFirst()
                    .orElseThrow()
                    .getKey();
            long bias = 0x7f0000000000L;
            NativeSymbolizer symbolizer =
                    new NativeSymbolizer(0, ProcessMaps.parse(mapsFor(libcPath, bias)), new ElfSymbolCache());
            NativeSymbol symbol = symbolizer.symbolize(bias + address + 17).orElseThrow();
            assertTrue(debugNames.get(address).contains(symbol.function()), symbol.toString());
            assertEquals(17, symbol.offset());
        }
    }

    @Test
    void libraryLoadedLaterIsFoundAfterRefresh() throws Exception {
        Path library = Tools.fixtureLibrary("-O2 -fno-omit-frame-pointer");
        NativeSymbolizer symbolizer = new NativeSymbolizer(0, ProcessMaps.ofSelf(), new ElfSymbolCache());
        System.load(library.toString());
        assertTrue(symbolizer.refresh(), "maps changed after System.load");
        MemoryMapping text = symbolizer.maps().executableFileMappings().stream()
                .filter(m -> m.filePath().equals(library.toString()))
                .findFirst()
                .orElseThrow();
        long leaf = nmFunctions(library, true).entrySet().stream()
                .filter(e -> e.getValue().contains("fixture_leaf"))
                .findFirst()
                .orElseThrow()
                .getKey();
        try (ElfFile elf = ElfFile.open(library);
                RandomAccessFile memory = new RandomAccessFile("/proc/self/mem", "r")) {
            long runtime = elf.loadBias(text) + leaf;
            byte[] live = new byte[8];
            memory.seek(runtime);
            memory.readFully(live);
            assertArrayEquals(fileBytes(elf, leaf, 8), live);
            assertEquals(
                    new NativeSymbol(library.getFileName().toString(), "fixture_leaf", 1),
                    symbolizer.symbolize(runtime + 1).orElseThrow());
        }
    }

    /** The file bytes at an ELF virtual address, through the PT_LOAD that holds it. */
    private static byte[] fileBytes(ElfFile elf, long virtualAddress, int length) throws Exception {
        for (ElfSegment segment : elf.segments()) {
            if (segment.isLoad()
                    && virtualAddress >= segment.virtualAddress()
                    && virtualAddress < segment.virtualAddress() + segment.fileSize()) {
                byte[] bytes = new byte[length];
                try (RandomAccessFile file = new RandomAccessFile(elf.path().toFile(), "r")) {
                    file.seek(segment.fileOffset() + virtualAddress - segment.virtualAddress());
                    file.readFully(bytes);
                }
                return bytes;
            }
        }
        throw new AssertionError("0x" + Long.toHexString(virtualAddress) + " is in no PT_LOAD of " + elf.path());
    }
}
