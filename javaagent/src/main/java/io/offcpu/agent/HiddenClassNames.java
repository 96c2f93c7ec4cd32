package io.offcpu.agent;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one spelling of a hidden class (a lambda's {@code Outer$$Lambda$12}, a {@code LambdaForm$MH}) in our
 * frames, whichever way the frame was named, and the same spelling as the JVM's own JFR events of the run.
 *
 * <p>The sources disagree: HotSpot's Symbol (interpreted frames, through VMStructs) is
 * {@code Outer$$Lambda$12+0x00007f5260154630}, JVMTI's class signature (JIT code map, inlining)
 * {@code Outer$$Lambda$12.0x00007f5260154630}. The JVM's JFR, read back with {@code RecordingFile}, spells
 * it on JDK 17 {@code Outer$$Lambda$12+0x00007f5260154630.396873410}: the Symbol, then '/' and the
 * identity hash of the class's mirror ({@code JfrSymbolTable::hidden_klass_name_hash}), the '/' read
 * back as '.'; on JDK 25 {@code Outer$$Lambda.0x000000006d0dc458}, without a hash. Both were read from
 * {@code jdk.ThreadSleep} and {@code jdk.ExecutionSample} frames of recordings of the samples
 * ({@code LambdaNamesIT}); other versions are assumed to write like JDK 17 below 25 and like 25 from it.
 *
 * <p>The mirror's identity hash is {@code System.identityHashCode} of the hidden {@code Class}, found
 * among {@link Instrumentation#getAllLoadedClasses()}; without an {@link Instrumentation} (the agent
 * started from the application's code) JDK 17 frames keep the Symbol's spelling, without the hash.
 */
public final class HiddenClassNames {
    private static final boolean JFR_APPENDS_MIRROR_HASH = Runtime.version().feature() < 25;

    private static volatile Instrumentation instrumentation;
    private static final Map<String, String> SPELLED = new ConcurrentHashMap<>();
    /** Identity hashes of the hidden classes' mirrors, by Symbol spelling ({@code a/b/C$$Lambda$1+0x7f..}). */
    private static final Map<String, Integer> MIRROR_HASHES = new ConcurrentHashMap<>();

    private static long loadedAtLastScan = -1;

    private HiddenClassNames() {}

    /** Lets JDK 17 frames carry the mirror's hash as the JVM's own events do. */
    static void useInstrumentation(Instrumentation inst) {
        instrumentation = inst;
    }

    /**
     * @param internalName a class name as a frame carries it ({@code java/lang/Thread}), hidden or not
     * @return the JVM's JFR spelling for a hidden class; any other name unchanged
     */
    public static String forJfr(String internalName) {
        if (internalName.indexOf("0x") < 0) {
            return internalName;
        }
        String known = SPELLED.get(internalName);
        if (known != null) {
            return known;
        }
        String spelled = spell(internalName);
        SPELLED.put(internalName, spelled);
        return spelled;
    }

    private static String spell(String internalName) {
        int separator = addressSeparator(internalName);
        if (separator < 0) {
            return internalName;
        }
        // The JIT code map names classes with dots, the interpreter with slashes: one form for both.
        String base = internalName.substring(0, separator).replace('.', '/');
        String address = internalName.substring(separator + 1);
        String symbol = base + "+" + address;
        if (!JFR_APPENDS_MIRROR_HASH) {
            return base + "." + address;
        }
        Integer hash = mirrorHash(symbol);
        return hash == null ? symbol : symbol + "/" + Integer.toUnsignedString(hash);
    }

    /**
     * Where a hidden class's name (its base, '+' (Symbol) or '.' (JVMTI) or '/' (Class.getName), its address
     * {@code 0x[0-9a-f]+}) has the separator before its address; -1 for any other name. What the regular
     * expression {@code (.*)[+./](0x[0-9a-f]+)} matches, without java.util.regex: the agent's premain loads this
     * class on the application's main thread, and Pattern is ~30 classes outside the JDK's shared archive.
     * The address holds no separator, so only the last one can begin it.
     */
    static int addressSeparator(String name) {
        int separator = Math.max(name.lastIndexOf('+'), Math.max(name.lastIndexOf('.'), name.lastIndexOf('/')));
        if (separator < 0 || !name.startsWith("0x", separator + 1) || name.length() == separator + 3) {
            return -1;
        }
        for (int i = separator + 3; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return -1;
            }
        }
        for (int i = 0; i < separator; i++) {
            if (isLineTerminator(name.charAt(i))) {
                return -1; // the expression's '.' matches none
            }
        }
        return separator;
    }

    private static boolean isLineTerminator(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    private static Integer mirrorHash(String symbol) {
        Integer hash = MIRROR_HASHES.get(symbol);
        Instrumentation inst = instrumentation;
        if (hash != null || inst == null) {
            return hash;
        }
        scanIfClassesWereLoaded(inst);
        return MIRROR_HASHES.get(symbol);
    }

    /**
     * Reads every loaded hidden class's hash once more, unless no class (hidden ones count too) was loaded
     * since the last time: then a name still not known is of a class unloaded since, and the scan, an array
     * of every loaded class (~40 KB for a small server), would find nothing. Without this check a JVM that
     * starts JFR while profiled, spinning a few hundred lambdas and LambdaForms, cost 1.4 MB/s of scans.
     */
    private static synchronized void scanIfClassesWereLoaded(Instrumentation inst) {
        long loaded = ClassCounts.loaded();
        if (loaded == loadedAtLastScan) {
            return;
        }
        loadedAtLastScan = loaded;
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.isHidden()) {
                MIRROR_HASHES.putIfAbsent(symbolOf(c.getName()), System.identityHashCode(c));
            }
        }
    }

    /** {@code a.b.C$$Lambda$1/0x7f..} (Class.getName) as the Symbol spells it: {@code a/b/C$$Lambda$1+0x7f..}. */
    static String symbolOf(String className) {
        int slash = className.lastIndexOf('/');
        return className.substring(0, slash).replace('.', '/') + "+" + className.substring(slash + 1);
    }
}
