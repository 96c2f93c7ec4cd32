package io.offcpu.symbols;

import java.util.ArrayList;
import java.util.Comparator;
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

    private final long[] starts;
    private final long[] sizes;
    private final String[] names;

    private FunctionTable(long[] starts, long[] sizes, String[] names) {
        this.starts = starts;
        this.sizes = sizes;
        this.names = names;
    }

    public static FunctionTable of(List<ElfSymbol> symbols) {
        List<ElfSymbol> sorted = new ArrayList<>(symbols);
        sorted.sort(Comparator.comparing(ElfSymbol::value, Long::compareUnsigned)
                .thenComparing(FunctionTable::preference));
        List<ElfSymbol> chosen = new ArrayList<>();
        List<Long> chosenSizes = new ArrayList<>();
        for (ElfSymbol symbol : sorted) {
            int last = chosen.size() - 1;
            if (last >= 0 && chosen.get(last).value() == symbol.value()) {
                chosenSizes.set(last, Math.max(chosenSizes.get(last), symbol.size()));
                continue;
            }
            chosen.add(symbol);
            chosenSizes.add(symbol.size());
        }
        long[] starts = new long[chosen.size()];
        long[] sizes = new long[chosen.size()];
        String[] names = new String[chosen.size()];
        for (int i = 0; i < chosen.size(); i++) {
            starts[i] = chosen.get(i).value();
            sizes[i] = chosenSizes.get(i);
            names[i] = chosen.get(i).name();
        }
        return new FunctionTable(starts, sizes, names);
    }

    private static Comparator<ElfSymbol> preference() {
        return Comparator.comparingInt((ElfSymbol s) -> bindingRank(s.binding()))
                .thenComparingInt(s -> leadingUnderscores(s.name()))
                .thenComparingInt(s -> s.name().length())
                .thenComparing(ElfSymbol::name);
    }

    private static int preference(ElfSymbol a, ElfSymbol b) {
        return preference().compare(a, b);
    }

    private static int bindingRank(int binding) {
        return switch (binding) {
            case ElfSymbol.STB_GLOBAL -> 0;
            case ElfSymbol.STB_WEAK -> 1;
            default -> 2;
        };
    }

    private static int leadingUnderscores(String name) {
        int count = 0;
        while (count < name.length() && name.charAt(count) == '_') {
            count++;
        }
        return count;
    }

    public int size() {
        return starts.length;
    }

    /** The function containing the ELF virtual address, or null. */
    public Hit lookup(long elfAddress) {
        int low = 0;
        int high = starts.length - 1;
        int candidate = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (Long.compareUnsigned(starts[mid], elfAddress) <= 0) {
                candidate = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        // Walk back over size-0 neighbours so that a sized symbol that contains the address wins.
        for (int i = candidate; i >= 0 && i > candidate - 4; i--) {
            long offset = elfAddress - starts[i];
            if (sizes[i] > 0 && Long.compareUnsigned(offset, sizes[i]) < 0) {
                return new Hit(names[i], starts[i], offset);
            }
        }
        if (candidate < 0) {
            return null;
        }
        long offset = elfAddress - starts[candidate];
        long reach = sizes[candidate] == 0 ? SIZELESS_REACH_BYTES : sizes[candidate] + PADDING_REACH_BYTES;
        return Long.compareUnsigned(offset, reach) < 0 ? new Hit(names[candidate], starts[candidate], offset) : null;
    }

    /** A lookup result: the symbol's name and ELF address, and the offset of the looked-up address in it. */
    public record Hit(String name, long start, long offset) {
    }
}
