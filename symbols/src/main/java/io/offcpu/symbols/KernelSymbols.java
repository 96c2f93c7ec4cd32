package io.offcpu.symbols;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Kernel text symbols from {@code /proc/kallsyms} (types t, T, w, W; loaded modules and BPF programs carry a
 * {@code [module]} suffix), sorted for lookups by binary search. When the kernel hides addresses
 * ({@code kernel.kptr_restrict}, or a reader without CAP_SYSLOG) every address reads as zero: the table is then
 * empty and {@link #unavailableReason()} says why.
 */
public final class KernelSymbols {
    public static final Path KALLSYMS = Path.of("/proc/kallsyms");
    /** Past the last symbol of a region an address is unattributable; kernel functions are far smaller. */
    static final long MAX_FUNCTION_BYTES = 1 << 20;

    private final long[] addresses;
    private final String[] names;
    private final String[] modules;
    private final String unavailableReason;

    private KernelSymbols(long[] addresses, String[] names, String[] modules, String unavailableReason) {
        this.addresses = addresses;
        this.names = names;
        this.modules = modules;
        this.unavailableReason = unavailableReason;
    }

    public static KernelSymbols load() throws IOException {
        return read(KALLSYMS);
    }

    public static KernelSymbols read(Path kallsyms) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(kallsyms, StandardCharsets.UTF_8)) {
            return parse(reader, kallsyms.toString());
        }
    }

    public static KernelSymbols parse(String text) {
        try {
            return parse(new StringReader(text), "kallsyms text");
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
    }

    private record Line(long address, String name, String module, int rank, int order) {
    }

    private static KernelSymbols parse(Reader input, String source) throws IOException {
        BufferedReader reader = input instanceof BufferedReader b ? b : new BufferedReader(input);
        List<Line> lines = new ArrayList<>();
        int total = 0;
        boolean anyNonZero = false;
        String text;
        int lineNumber = 0;
        while ((text = reader.readLine()) != null) {
            lineNumber++;
            if (text.isBlank()) {
                continue;
            }
            // "ffffffff821fb620 T schedule" or "ffffffffc0a01000 t foo\t[module]"
            int firstSpace = text.indexOf(' ');
            int secondSpace = firstSpace < 0 ? -1 : text.indexOf(' ', firstSpace + 1);
            if (firstSpace <= 0 || secondSpace != firstSpace + 2) {
                throw new IllegalArgumentException(source + " line " + lineNumber
                        + " is not 'hexaddress type name [module]': '" + text + "'");
            }
            long address = Long.parseUnsignedLong(text, 0, firstSpace, 16);
            total++;
            anyNonZero |= address != 0;
            char type = text.charAt(firstSpace + 1);
            if (type != 't' && type != 'T' && type != 'w' && type != 'W') {
                continue;
            }
            String rest = text.substring(secondSpace + 1);
            String module = null;
            int tab = rest.indexOf('\t');
            String name = tab >= 0 ? rest.substring(0, tab) : rest;
            if (tab >= 0) {
                String tail = rest.substring(tab + 1).trim();
                if (tail.startsWith("[") && tail.endsWith("]")) {
                    module = tail.substring(1, tail.length() - 1);
                }
            }
            lines.add(new Line(address, name, module, Character.isUpperCase(type) ? 0 : 1, lines.size()));
        }
        if (total > 0 && !anyNonZero) {
            return new KernelSymbols(new long[0], new String[0], new String[0],
                    source + " lists every address as 0: the kernel hides them (kernel.kptr_restrict="
                            + readKptrRestrict() + "); run as root, or set sysctl kernel.kptr_restrict=0 or 1"
                            + " with CAP_SYSLOG, to see kernel frames by name");
        }
        if (lines.isEmpty()) {
            return new KernelSymbols(new long[0], new String[0], new String[0],
                    source + " has no text symbols (types t, T, w, W)");
        }
        // Aliases at one address: global before local, fewer leading underscores, then file order.
        lines.sort(Comparator.comparing(Line::address, Long::compareUnsigned)
                .thenComparingInt(Line::rank)
                .thenComparingInt(l -> leadingUnderscores(l.name()))
                .thenComparingInt(Line::order));
        long[] addresses = new long[lines.size()];
        String[] names = new String[lines.size()];
        String[] modules = new String[lines.size()];
        int count = 0;
        for (Line line : lines) {
            if (count > 0 && addresses[count - 1] == line.address()) {
                continue;
            }
            addresses[count] = line.address();
            names[count] = line.name();
            modules[count] = line.module();
            count++;
        }
        return new KernelSymbols(Arrays.copyOf(addresses, count), Arrays.copyOf(names, count),
                Arrays.copyOf(modules, count), null);
    }

    private static int leadingUnderscores(String name) {
        int count = 0;
        while (count < name.length() && name.charAt(count) == '_') {
            count++;
        }
        return count;
    }

    private static String readKptrRestrict() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/kptr_restrict")).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    public boolean isAvailable() {
        return unavailableReason == null;
    }

    /** Why the table is empty, or null if it is not. */
    public String unavailableReason() {
        return unavailableReason;
    }

    public int size() {
        return addresses.length;
    }

    /** The function at or before {@code address}, within {@link #MAX_FUNCTION_BYTES}. */
    public Optional<KernelSymbol> lookup(long address) {
        int low = 0;
        int high = addresses.length - 1;
        int candidate = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (Long.compareUnsigned(addresses[mid], address) <= 0) {
                candidate = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (candidate < 0 || address - addresses[candidate] >= MAX_FUNCTION_BYTES) {
            return Optional.empty();
        }
        return Optional.of(new KernelSymbol(names[candidate], modules[candidate], address - addresses[candidate]));
    }

    /** The address of a symbol by name (first match), for tests and diagnostics; linear. */
    public Optional<Long> addressOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return Optional.of(addresses[i]);
            }
        }
        return Optional.empty();
    }
}
