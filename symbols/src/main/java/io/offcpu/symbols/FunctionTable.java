package io.offcpu.symbols;

import io.offcpu.util.SortedArrays;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Function symbols of one ELF file sorted by address, for lookups by binary search. Where several names
 * share an address (aliases such as {@code __nanosleep}/{@code nanosleep}) one is kept: global before weak
 * before local, then the fewest leading underscores, then the shortest, then alphabetical — deterministic,
 * and usually the public name.
 */
public final class FunctionTable {
    /**
     * How far past the end of a symbol (or past the start of a size-0 symbol, typical for assembly) an
     * address is still attributed to it: covers alignment padding and hand-written stubs without sizes,
     * while addresses in larger gaps (stripped local functions) stay unnamed instead of misattributed.
     */
    static final long SIZELESS_REACH_BYTES = 4096;

    static final long PADDING_REACH_BYTES = 64;

    // Compact: libjvm has ~57k function symbols; a record and a String each were ~50 MB of garbage in the
    // profiled JVM's heap at the first stack through it. Names stay bytes until a lookup returns one.
    private final int count;
    private final long[] starts;
    private final long[] sizes;
    private final int[] nameStarts;
    private final int[] nameLengths;
    private final byte[] names;

    private FunctionTable(int count, long[] starts, long[] sizes, int[] nameStarts, int[] nameLengths, byte[] names) {
        this.count = count;
        this.starts = starts;
        this.sizes = sizes;
        this.nameStarts = nameStarts;
        this.nameLengths = nameLengths;
        this.names = names;
    }

    public static FunctionTable of(List<ElfSymbol> symbols) {
        Builder builder = new Builder();
        builder.reserve(symbols.size());
        for (ElfSymbol symbol : symbols) {
            byte[] name = symbol.name().getBytes(StandardCharsets.UTF_8);
            builder.add(symbol.value(), symbol.size(), symbol.binding(), name, 0, name.length);
        }
        return builder.build();
    }

    /** Collects function symbols into primitive arrays; {@link #build} sorts them and chooses among aliases. */
    static final class Builder {
        private int count;
        private long[] values = new long[0];
        private long[] sizes = new long[0];
        private byte[] bindingRanks = new byte[0];
        private int[] nameStarts = new int[0];
        private int[] nameLengths = new int[0];
        private byte[] names = new byte[0];
        private int nameBytes;

        /** Room for {@code more} symbols (e.g. a symbol table's entry count), so the arrays grow once. */
        void reserve(int more) {
            int needed = count + more;
            if (needed > values.length) {
                values = Arrays.copyOf(values, needed);
                sizes = Arrays.copyOf(sizes, needed);
                bindingRanks = Arrays.copyOf(bindingRanks, needed);
                nameStarts = Arrays.copyOf(nameStarts, needed);
                nameLengths = Arrays.copyOf(nameLengths, needed);
            }
        }

        /** Room for {@code more} bytes of names (e.g. a string table's size). */
        void reserveNames(int more) {
            if (nameBytes + more > names.length) {
                names = Arrays.copyOf(names, Math.max(nameBytes + more, names.length + (names.length >> 1)));
            }
        }

        void add(long value, long size, int binding, byte[] source, int nameFrom, int nameLength) {
            if (count == values.length) {
                reserve(Math.max(16, count / 2));
            }
            reserveNames(nameLength);
            System.arraycopy(source, nameFrom, names, nameBytes, nameLength);
            values[count] = value;
            sizes[count] = size;
            bindingRanks[count] = (byte) bindingRank(binding);
            nameStarts[count] = nameBytes;
            nameLengths[count] = nameLength;
            nameBytes += nameLength;
            count++;
        }

        FunctionTable build() {
            int[] order = new int[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            heapSort(order);
            int kept = 0;
            long[] keptStarts = new long[count];
            long[] keptSizes = new long[count];
            int[] keptNameStarts = new int[count];
            int[] keptNameLengths = new int[count];
            for (int i = 0; i < count; i++) {
                int symbol = order[i];
                if (kept > 0 && keptStarts[kept - 1] == values[symbol]) {
                    keptSizes[kept - 1] = Math.max(keptSizes[kept - 1], sizes[symbol]);
                    continue;
                }
                keptStarts[kept] = values[symbol];
                keptSizes[kept] = sizes[symbol];
                keptNameStarts[kept] = nameStarts[symbol];
                keptNameLengths[kept] = nameLengths[symbol];
                kept++;
            }
            return new FunctionTable(kept, keptStarts, keptSizes, keptNameStarts, keptNameLengths, names);
        }

        /**
         * By address, then the preferred alias first: global before weak before local, then the fewest leading
         * underscores, then the shortest, then alphabetical (by bytes; the same order as by String for ASCII).
         */
        private int compare(int a, int b) {
            int c = Long.compareUnsigned(values[a], values[b]);
            if (c != 0) {
                return c;
            }
            c = Integer.compare(bindingRanks[a], bindingRanks[b]);
            if (c != 0) {
                return c;
            }
            c = Integer.compare(leadingUnderscores(a), leadingUnderscores(b));
            if (c != 0) {
                return c;
            }
            c = Integer.compare(nameLengths[a], nameLengths[b]);
            if (c != 0) {
                return c;
            }
            c = Arrays.compareUnsigned(
                    names,
                    nameStarts[a],
                    nameStarts[a] + nameLengths[a],
                    names,
                    nameStarts[b],
                    nameStarts[b] + nameLengths[b]);
            return c != 0 ? c : Integer.compare(a, b);
        }

        private int leadingUnderscores(int symbol) {
            int n = 0;
            while (n < nameLengths[symbol] && names[nameStarts[symbol] + n] == '_') {
                n++;
            }
            return n;
        }

        /** In place, no allocation, no recursion; ties are broken by index, so the order is total. */
        private void heapSort(int[] order) {
            int n = order.length;
            for (int i = n / 2 - 1; i >= 0; i--) {
                siftDown(order, i, n);
            }
            for (int end = n - 1; end > 0; end--) {
                int top = order[0];
                order[0] = order[end];
                order[end] = top;
                siftDown(order, 0, end);
            }
        }

        private void siftDown(int[] order, int root, int n) {
            while (true) {
                int child = 2 * root + 1;
                if (child >= n) {
                    return;
                }
                if (child + 1 < n && compare(order[child + 1], order[child]) > 0) {
                    child++;
                }
                if (compare(order[child], order[root]) <= 0) {
                    return;
                }
                int swap = order[root];
                order[root] = order[child];
                order[child] = swap;
                root = child;
            }
        }
    }

    private static int bindingRank(int binding) {
        return switch (binding) {
            case ElfSymbol.STB_GLOBAL -> 0;
            case ElfSymbol.STB_WEAK -> 1;
            default -> 2;
        };
    }

    public int size() {
        return count;
    }

    /** The function containing the ELF virtual address, or null. */
    public Hit lookup(long elfAddress) {
        int candidate = SortedArrays.floorUnsigned(starts, count, elfAddress);
        // Walk back over size-0 neighbours so that a sized symbol that contains the address wins.
        for (int i = candidate; i >= 0 && i > candidate - 4; i--) {
            long offset = elfAddress - starts[i];
            if (sizes[i] > 0 && Long.compareUnsigned(offset, sizes[i]) < 0) {
                return new Hit(name(i), starts[i], offset);
            }
        }
        if (candidate < 0) {
            return null;
        }
        long offset = elfAddress - starts[candidate];
        long reach = sizes[candidate] == 0 ? SIZELESS_REACH_BYTES : sizes[candidate] + PADDING_REACH_BYTES;
        return Long.compareUnsigned(offset, reach) < 0 ? new Hit(name(candidate), starts[candidate], offset) : null;
    }

    private String name(int index) {
        return new String(names, nameStarts[index], nameLengths[index], StandardCharsets.UTF_8);
    }

    /** A lookup result: the symbol's name and ELF address, and the offset of the looked-up address in it. */
    public record Hit(String name, long start, long offset) {}
}
