package io.offcpu.symbols;

import io.offcpu.jni.KernelSymbolTable;
import io.offcpu.jni.NativeLibrary;
import java.io.IOException;
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
 * <p>The table is parsed and kept in native memory (jni/src/main/c/kernel_symbols.c): the agent reads it at
 * start-up in the profiled JVM, and ~120k symbols parsed in Java cost ~140 ms of the start thread, ~8.5 MB of the
 * application's heap and C2 compilations of the parsing loops. A lookup is one JNI call; a name becomes a String
 * only when a lookup returns it. {@link #close} frees the table; lookups after it find nothing.
 */
public final class KernelSymbols implements AutoCloseable {
    public static final Path KALLSYMS = Path.of("/proc/kallsyms");

    /** 0 once closed, or for an unavailable table. */
    private long table;

    private final int size;
    private final String unavailableReason;
    /** Module names by index, fetched when a lookup first meets the module. */
    private String[] modules = new String[0];

    private KernelSymbols(long table, int size, String unavailableReason) {
        this.table = table;
        this.size = size;
        this.unavailableReason = unavailableReason;
    }

    public static KernelSymbols load() throws IOException {
        return read(KALLSYMS);
    }

    /**
     * @throws IllegalArgumentException naming the line that is not {@code hexaddress type name [module]}
     */
    public static KernelSymbols read(Path kallsyms) throws IOException {
        NativeLibrary.load();
        return of(KernelSymbolTable.read(kallsyms.toString()), kallsyms.toString());
    }

    public static KernelSymbols parse(String text) {
        NativeLibrary.load();
        try {
            return of(KernelSymbolTable.parse(text.getBytes(StandardCharsets.UTF_8), "kallsyms text"), "kallsyms text");
        } catch (IOException e) {
            throw new IllegalStateException("parsing kallsyms text failed: " + e.getMessage(), e);
        }
    }

    private static KernelSymbols of(long table, String source) {
        long lines = KernelSymbolTable.symbolLines(table);
        boolean anyNonZero = KernelSymbolTable.anyNonZeroAddress(table);
        int size = KernelSymbolTable.size(table);
        String reason = null;
        if (lines > 0 && !anyNonZero) {
            reason = source + " lists every address as 0: the kernel hides them (kernel.kptr_restrict="
                    + readKptrRestrict() + "); run as root, or set sysctl kernel.kptr_restrict=0 or 1"
                    + " with CAP_SYSLOG, to see kernel frames by name";
        } else if (size == 0) {
            reason = source + " has no text symbols (types t, T, w, W)";
        }
        if (reason != null) {
            KernelSymbolTable.free(table);
            return new KernelSymbols(0, 0, reason);
        }
        return new KernelSymbols(table, size, null);
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
        return size;
    }

    /** The function at or before {@code address}, within 1 MiB (kernel functions are far smaller). */
    public synchronized Optional<KernelSymbol> lookup(long address) {
        if (table == 0) {
            return Optional.empty();
        }
        long[] offsetAndModule = new long[2];
        String name = KernelSymbolTable.lookup(table, address, offsetAndModule);
        if (name == null) {
            return Optional.empty();
        }
        return Optional.of(new KernelSymbol(name, module((int) offsetAndModule[1]), offsetAndModule[0]));
    }

    private String module(int index) {
        if (index < 0) {
            return null;
        }
        if (index >= modules.length) {
            modules = Arrays.copyOf(modules, Math.max(index + 1, modules.length * 2));
        }
        if (modules[index] == null) {
            modules[index] = KernelSymbolTable.module(table, index);
        }
        return modules[index];
    }

    /** Frees the native table; idempotent. */
    @Override
    public synchronized void close() {
        if (table != 0) {
            KernelSymbolTable.free(table);
            table = 0;
        }
    }
}
