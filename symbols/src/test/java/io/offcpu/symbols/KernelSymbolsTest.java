package io.offcpu.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KernelSymbolsTest {

    @Test
    void blockingFunctionsOfTheRunningKernelRoundTrip() throws Exception {
        List<String> lines = Files.readAllLines(KernelSymbols.KALLSYMS);
        // The oracle: the kernel's own list, read here line by line.
        Map<String, Long> addressByName = new HashMap<>();
        Map<Long, Set<String>> textNamesByAddress = new HashMap<>();
        for (String line : lines) {
            String[] parts = line.split("\\s+");
            long address = Long.parseUnsignedLong(parts[0], 16);
            if ("tTwW".contains(parts[1])) {
                addressByName.putIfAbsent(parts[2], address);
                textNamesByAddress
                        .computeIfAbsent(address, k -> new HashSet<>())
                        .add(parts[2]);
            }
        }
        assumeTrue(addressByName.values().stream().anyMatch(a -> a != 0), "kernel addresses are hidden here");

        // The same snapshot for both sides: BPF programs loaded meanwhile (by any process) add and
        // remove bpf_prog_* symbols, so a second read of /proc/kallsyms may differ.
        KernelSymbols symbols = KernelSymbols.parse(String.join("\n", lines));
        assertTrue(symbols.isAvailable(), symbols::unavailableReason);
        assertEquals(textNamesByAddress.size(), symbols.size(), "one entry per distinct text address");
        try (KernelSymbols live = KernelSymbols.load()) {
            assertTrue(live.isAvailable(), "the running kernel's symbols load");
        }
        int checked = 0;
        for (String name : List.of(
                "schedule",
                "do_nanosleep",
                "futex_wait",
                "__futex_wait",
                "futex_wait_queue",
                "do_epoll_wait",
                "hrtimer_nanosleep",
                "__x64_sys_futex")) {
            Long address = addressByName.get(name);
            if (address == null) {
                continue;
            }
            checked++;
            KernelSymbol symbol = symbols.lookup(address + 4).orElseThrow();
            assertTrue(textNamesByAddress.get(address).contains(symbol.function()), name + " resolved as " + symbol);
            assertEquals(4, symbol.offset());
            assertNull(symbol.module(), name + " is in the core kernel");
        }
        assertTrue(checked >= 3, "at least schedule, do_nanosleep and a futex wait exist: " + checked);
        // Every text address names itself, the __pfx_ padding symbols (kept compactly) included.
        for (var entry : textNamesByAddress.entrySet()) {
            KernelSymbol symbol = symbols.lookup(entry.getKey()).orElseThrow();
            assertTrue(entry.getValue().contains(symbol.function()), entry + " resolved as " + symbol);
            assertEquals(0, symbol.offset());
        }
        symbols.close();
    }

    @Test
    void paddingSymbolsKeepTheirNames() {
        KernelSymbols symbols = KernelSymbols.parse("""
                ffffffff81000ff0 t __pfx___pfx_odd
                ffffffff81001000 T __pfx_odd
                ffffffff81001010 T odd
                ffffffff81001ff0 T __pfx_schedule
                ffffffff81002000 T schedule
                ffffffff81002ff0 T __pfx_other
                ffffffff81003000 T not_other
                ffffffff81003ff0 T __pfx_
                ffffffff81004000 T __pfx_
                """);
        assertEquals(9, symbols.size());
        for (String[] expected : new String[][] {
            {"ffffffff81000ff0", "__pfx___pfx_odd"},
            {"ffffffff81001000", "__pfx_odd"},
            {"ffffffff81001010", "odd"},
            {"ffffffff81001ff4", "__pfx_schedule"},
            {"ffffffff81002000", "schedule"},
            {"ffffffff81002ff0", "__pfx_other"},
            {"ffffffff81003000", "not_other"},
            {"ffffffff81003ff0", "__pfx_"},
            {"ffffffff81004000", "__pfx_"},
        }) {
            assertEquals(
                    expected[1],
                    symbols.lookup(Long.parseUnsignedLong(expected[0], 16))
                            .orElseThrow()
                            .function(),
                    expected[0]);
        }
        symbols.close();
    }

    @Test
    void parsesModulesAliasesAndSkipsData() {
        KernelSymbols symbols = KernelSymbols.parse("""
                ffffffff81000000 T _stext
                ffffffff81000000 t __pfx_startup
                ffffffff81001000 T schedule
                ffffffff81001000 t __schedule_alias
                ffffffff81002000 D some_data
                ffffffff81003000 W weak_function
                ffffffffc0201000 t ftrace_trampoline\t[__builtin__ftrace]
                ffffffffc0a00000 t e1000_probe\t[e1000]
                """);
        assertTrue(symbols.isAvailable());
        assertEquals(5, symbols.size());
        assertEquals(
                new KernelSymbol("schedule", null, 0x10),
                symbols.lookup(0xffffffff81001010L).orElseThrow());
        assertEquals(
                new KernelSymbol("schedule", null, 0x1100),
                symbols.lookup(0xffffffff81002100L).orElseThrow(),
                "data symbols do not end a function");
        assertEquals(
                new KernelSymbol("e1000_probe", "e1000", 0x20),
                symbols.lookup(0xffffffffc0a00020L).orElseThrow());
        assertEquals("_stext", symbols.lookup(0xffffffff81000000L).orElseThrow().function());
        assertFalse(symbols.lookup(0xffffffff80000000L).isPresent(), "below the first symbol");
        assertFalse(symbols.lookup(0xffffffffc0b00000L).isPresent(), "far past the last symbol");
        assertTrue(symbols.lookup(0xffffffff81000000L + (1 << 20) - 1).isPresent(), "1 MiB - 1 past a symbol");
        symbols.close();
        assertTrue(symbols.lookup(0xffffffff81001010L).isEmpty(), "a closed table finds nothing");
        symbols.close();
    }

    @Test
    void unsortedLinesLongLinesAndModulesInAnyOrder() {
        String longName = "f".repeat(100_000);
        KernelSymbols symbols = KernelSymbols.parse("ffffffffc0a00000 t e1000_probe\t[e1000]\n"
                + "ffffffff81002000 t " + longName + "\n"
                + "ffffffffc0b00000 t ixgbe_probe\t[ixgbe]\n"
                + "ffffffff81001000 t __local_alias\n"
                + "ffffffff81001000 T schedule\n"
                + "ffffffffc0a00100 t e1000_remove\t[e1000]");
        assertEquals(5, symbols.size());
        assertEquals(
                new KernelSymbol("schedule", null, 1),
                symbols.lookup(0xffffffff81001001L).orElseThrow());
        assertEquals(longName, symbols.lookup(0xffffffff81002000L).orElseThrow().function());
        assertEquals(
                new KernelSymbol("e1000_remove", "e1000", 0),
                symbols.lookup(0xffffffffc0a00100L).orElseThrow());
        assertEquals(
                new KernelSymbol("ixgbe_probe", "ixgbe", 2),
                symbols.lookup(0xffffffffc0b00002L).orElseThrow());
    }

    @Test
    void hiddenAddressesGiveAnEmptyTableAndAReason() {
        KernelSymbols symbols = KernelSymbols.parse("""
                0000000000000000 T _stext
                0000000000000000 T schedule
                0000000000000000 t e1000_probe\t[e1000]
                """);
        assertFalse(symbols.isAvailable());
        assertEquals(0, symbols.size());
        assertTrue(symbols.unavailableReason().contains("kptr_restrict"), symbols.unavailableReason());
        assertTrue(symbols.lookup(0xffffffff81001010L).isEmpty());
    }

    @Test
    void malformedLineNamesTheLine() {
        IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class, () -> KernelSymbols.parse("ffffffff81000000 T _stext\ngarbage\n"));
        assertTrue(error.getMessage().contains("line 2"), error.getMessage());
    }
}
