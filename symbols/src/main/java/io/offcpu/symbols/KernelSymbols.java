package io.offcpu.symbols;

import io.offcpu.util.SortedArrays;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Kernel text symbols from {@code /proc/kallsyms} (types t, T, w, W; loaded modules and BPF programs carry a
 * {@code [module]} suffix), sorted for lookups by binary search. When the kernel hides addresses
 * ({@code kernel.kptr_restrict}, or a reader without CAP_SYSLOG) every address reads as zero: the table is then
 * empty and {@link #unavailableReason()} says why.
 *
 * <p>Compact: a kernel has ~120k text symbols, and the agent reads them at start-up in the profiled JVM. They are
 * parsed from the bytes as they stream in, into a few primitive arrays (address, where the name starts in one
 * byte pool, module) instead of a String and a record per line (which was ~34 MB of garbage in the application's
 * heap); a name becomes a String only when a lookup returns it.
 */
public final class KernelSymbols {
    public static final Path KALLSYMS = Path.of("/proc/kallsyms");
    /** Past the last symbol of a region an address is unattributable; kernel functions are far smaller. */
    static final long MAX_FUNCTION_BYTES = 1 << 20;
    /** Enough for the kernels seen (~120k text symbols, ~2.6 MB of names): usually no array grows. */
    private static final int INITIAL_SYMBOLS = 1 << 17;

    private static final int INITIAL_NAME_BYTES = 4 << 20;
    private static final int READ_BUFFER_BYTES = 1 << 16;
    private static final int NO_MODULE = -1;

    private final int count;
    private final long[] addresses;
    /** Name i is names[nameStarts[i] .. nameStarts[i + 1]). */
    private final int[] nameStarts;

    private final byte[] names;
    private final int[] moduleIndexes;
    private final String[] modules;
    private final String unavailableReason;

    private KernelSymbols(
            int count,
            long[] addresses,
            int[] nameStarts,
            byte[] names,
            int[] moduleIndexes,
            String[] modules,
            String unavailableReason) {
        this.count = count;
        this.addresses = addresses;
        this.nameStarts = nameStarts;
        this.names = names;
        this.moduleIndexes = moduleIndexes;
        this.modules = modules;
        this.unavailableReason = unavailableReason;
    }

    private static KernelSymbols unavailable(String reason) {
        return new KernelSymbols(0, new long[0], new int[1], new byte[0], new int[0], new String[0], reason);
    }

    public static KernelSymbols load() throws IOException {
        return read(KALLSYMS);
    }

    public static KernelSymbols read(Path kallsyms) throws IOException {
        try (InputStream in = Files.newInputStream(kallsyms)) {
            return parse(in, kallsyms.toString());
        }
    }

    public static KernelSymbols parse(String text) {
        try {
            return parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "kallsyms text");
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
    }

    /** The lines as they are parsed, in file order; sorted and deduplicated by {@link #build}. */
    private static final class Lines {
        int count;
        long[] addresses = new long[INITIAL_SYMBOLS];
        int[] nameStarts = new int[INITIAL_SYMBOLS + 1];
        /** Module index + 1 (0: core kernel) in the high bits, preference rank in the low byte. */
        int[] moduleAndRank = new int[INITIAL_SYMBOLS];

        byte[] names = new byte[INITIAL_NAME_BYTES];
        int nameBytes;
        String[] modules = new String[16];
        int moduleCount;
        int total;
        boolean anyNonZero;

        void add(long address, byte[] line, int nameFrom, int nameTo, int module, boolean global) {
            if (count == addresses.length) {
                int grown = count + (count >> 1);
                addresses = Arrays.copyOf(addresses, grown);
                nameStarts = Arrays.copyOf(nameStarts, grown + 1);
                moduleAndRank = Arrays.copyOf(moduleAndRank, grown);
            }
            int length = nameTo - nameFrom;
            if (nameBytes + length > names.length) {
                names = Arrays.copyOf(names, Math.max(names.length + (names.length >> 1), nameBytes + length));
            }
            System.arraycopy(line, nameFrom, names, nameBytes, length);
            addresses[count] = address;
            nameStarts[count] = nameBytes;
            nameBytes += length;
            nameStarts[count + 1] = nameBytes;
            int underscores = 0;
            while (underscores < length && underscores < 127 && line[nameFrom + underscores] == '_') {
                underscores++;
            }
            // Aliases at one address: global before local, fewer leading underscores, then file order.
            moduleAndRank[count] = (module + 1) << 8 | (global ? 0 : 128) | underscores;
            count++;
        }

        /** The index of the module named by line[from, to), added if it is not the last one seen. */
        int module(byte[] line, int from, int to) {
            if (moduleCount > 0 && equals(modules[moduleCount - 1], line, from, to)) {
                return moduleCount - 1;
            }
            for (int i = 0; i < moduleCount; i++) {
                if (equals(modules[i], line, from, to)) {
                    return i;
                }
            }
            if (moduleCount == modules.length) {
                modules = Arrays.copyOf(modules, moduleCount * 2);
            }
            modules[moduleCount] = new String(line, from, to - from, StandardCharsets.UTF_8);
            return moduleCount++;
        }

        private static boolean equals(String module, byte[] line, int from, int to) {
            if (module.length() != to - from) {
                return false;
            }
            for (int i = 0; i < module.length(); i++) {
                if (module.charAt(i) != (line[from + i] & 0xff)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static KernelSymbols parse(InputStream input, String source) throws IOException {
        Lines lines = new Lines();
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        int filled = 0;
        int lineNumber = 0;
        for (int read; (read = input.read(buffer, filled, buffer.length - filled)) > 0 || filled > 0; ) {
            int end = filled + Math.max(read, 0);
            int from = 0;
            for (int newline; (newline = indexOf(buffer, (byte) '\n', from, end)) >= 0; from = newline + 1) {
                parseLine(lines, buffer, from, newline, ++lineNumber, source);
            }
            if (read <= 0) {
                if (from < end) {
                    parseLine(lines, buffer, from, end, ++lineNumber, source); // last line without a newline
                }
                break;
            }
            filled = end - from;
            if (filled == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2); // a line longer than the buffer
            }
            System.arraycopy(buffer, from, buffer, 0, filled);
        }
        if (lines.total > 0 && !lines.anyNonZero) {
            return unavailable(source + " lists every address as 0: the kernel hides them (kernel.kptr_restrict="
                    + readKptrRestrict() + "); run as root, or set sysctl kernel.kptr_restrict=0 or 1"
                    + " with CAP_SYSLOG, to see kernel frames by name");
        }
        if (lines.count == 0) {
            return unavailable(source + " has no text symbols (types t, T, w, W)");
        }
        return build(lines);
    }

    private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** "ffffffff821fb620 T schedule" or "ffffffffc0a01000 t foo\t[module]". */
    private static void parseLine(Lines lines, byte[] line, int from, int to, int lineNumber, String source) {
        if (isBlank(line, from, to)) {
            return;
        }
        int firstSpace = indexOf(line, (byte) ' ', from, to);
        int secondSpace = firstSpace < 0 ? -1 : indexOf(line, (byte) ' ', firstSpace + 1, to);
        long address = 0;
        boolean valid = firstSpace > from && secondSpace == firstSpace + 2 && firstSpace - from <= 16;
        for (int i = from; valid && i < firstSpace; i++) {
            int digit = Character.digit(line[i], 16);
            valid = digit >= 0;
            address = address << 4 | Math.max(digit, 0);
        }
        if (!valid) {
            throw new IllegalArgumentException(source + " line " + lineNumber
                    + " is not 'hexaddress type name [module]': '"
                    + new String(line, from, to - from, StandardCharsets.UTF_8) + "'");
        }
        lines.total++;
        lines.anyNonZero |= address != 0;
        byte type = line[firstSpace + 1];
        if (type != 't' && type != 'T' && type != 'w' && type != 'W') {
            return;
        }
        int nameFrom = secondSpace + 1;
        int tab = indexOf(line, (byte) '\t', nameFrom, to);
        int nameTo = tab >= 0 ? tab : to;
        int module = NO_MODULE;
        if (tab >= 0) {
            int tailFrom = tab + 1;
            int tailTo = to;
            while (tailFrom < tailTo && isSpace(line[tailFrom])) {
                tailFrom++;
            }
            while (tailTo > tailFrom && isSpace(line[tailTo - 1])) {
                tailTo--;
            }
            if (tailTo - tailFrom >= 2 && line[tailFrom] == '[' && line[tailTo - 1] == ']') {
                module = lines.module(line, tailFrom + 1, tailTo - 1);
            }
        }
        lines.add(address, line, nameFrom, nameTo, module, type == 'T' || type == 'W');
    }

    private static boolean isSpace(byte b) {
        return b <= ' ';
    }

    private static boolean isBlank(byte[] line, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isSpace(line[i])) {
                return false;
            }
        }
        return true;
    }

    /** Sorts by address, keeps the preferred alias of each address, and moves the names into one pool. */
    private static KernelSymbols build(Lines lines) {
        int n = lines.count;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (!sortedByAddress(lines.addresses, n)) {
            sortByAddress(order, lines.addresses, n);
        }
        long[] addresses = new long[n];
        int[] moduleIndexes = new int[n];
        int[] nameStarts = new int[n + 1];
        byte[] names = new byte[lines.nameBytes];
        int kept = 0;
        int nameBytes = 0;
        for (int i = 0; i < n; ) {
            long address = lines.addresses[order[i]];
            int best = order[i];
            int j = i + 1;
            for (; j < n && lines.addresses[order[j]] == address; j++) {
                int candidate = order[j];
                int rank = lines.moduleAndRank[candidate] & 0xff;
                int bestRank = lines.moduleAndRank[best] & 0xff;
                if (rank < bestRank || rank == bestRank && candidate < best) {
                    best = candidate;
                }
            }
            addresses[kept] = address;
            moduleIndexes[kept] = (lines.moduleAndRank[best] >>> 8) - 1;
            int length = lines.nameStarts[best + 1] - lines.nameStarts[best];
            System.arraycopy(lines.names, lines.nameStarts[best], names, nameBytes, length);
            nameStarts[kept] = nameBytes;
            nameBytes += length;
            kept++;
            i = j;
        }
        nameStarts[kept] = nameBytes;
        return new KernelSymbols(
                kept,
                addresses,
                nameStarts,
                names,
                moduleIndexes,
                Arrays.copyOf(lines.modules, lines.moduleCount),
                null);
    }

    private static boolean sortedByAddress(long[] addresses, int n) {
        for (int i = 1; i < n; i++) {
            if (Long.compareUnsigned(addresses[i - 1], addresses[i]) > 0) {
                return false;
            }
        }
        return true;
    }

    /** Heap sort of the indexes by unsigned address (ties are settled by the caller): no allocation, no recursion. */
    private static void sortByAddress(int[] order, long[] addresses, int n) {
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(order, addresses, i, n);
        }
        for (int end = n - 1; end > 0; end--) {
            int top = order[0];
            order[0] = order[end];
            order[end] = top;
            siftDown(order, addresses, 0, end);
        }
    }

    private static void siftDown(int[] order, long[] addresses, int root, int n) {
        while (true) {
            int child = 2 * root + 1;
            if (child >= n) {
                return;
            }
            if (child + 1 < n && Long.compareUnsigned(addresses[order[child + 1]], addresses[order[child]]) > 0) {
                child++;
            }
            if (Long.compareUnsigned(addresses[order[child]], addresses[order[root]]) <= 0) {
                return;
            }
            int swap = order[root];
            order[root] = order[child];
            order[child] = swap;
            root = child;
        }
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
        return count;
    }

    /** The function at or before {@code address}, within {@link #MAX_FUNCTION_BYTES}. */
    public Optional<KernelSymbol> lookup(long address) {
        int candidate = SortedArrays.floorUnsigned(addresses, count, address);
        if (candidate < 0 || address - addresses[candidate] >= MAX_FUNCTION_BYTES) {
            return Optional.empty();
        }
        int module = moduleIndexes[candidate];
        return Optional.of(
                new KernelSymbol(name(candidate), module < 0 ? null : modules[module], address - addresses[candidate]));
    }

    private String name(int index) {
        return new String(names, nameStarts[index], nameStarts[index + 1] - nameStarts[index], StandardCharsets.UTF_8);
    }

    /** The address of a symbol by name (first match), for tests and diagnostics; linear. */
    public Optional<Long> addressOf(String name) {
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < count; i++) {
            if (Arrays.equals(names, nameStarts[i], nameStarts[i + 1], wanted, 0, wanted.length)) {
                return Optional.of(addresses[i]);
            }
        }
        return Optional.empty();
    }
}
