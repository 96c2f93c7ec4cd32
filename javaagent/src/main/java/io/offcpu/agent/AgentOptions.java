package io.offcpu.agent;

import io.offcpu.jni.KernelContract;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The agent's options, given as {@code key=value} pairs separated by commas, for example
 * {@code file=app.jfr,threshold=1ms}. Every key is documented in README.md.
 *
 * @param file where the recording is written at exit (and rewritten every {@code flush})
 * @param thresholdNanos episodes shorter than this are counted but not recorded one by one (when not sampling)
 * @param jfrSettings {@code auto} (the JVM's recording only when JFR already runs in this JVM), {@code default},
 *     {@code profile}, a path to a .jfc file, or null for none
 * @param flushNanos how often the output file is rewritten so that a killed JVM leaves data
 * @param ringBufferBytes size of the kernel-to-agent ring buffer, a power of two
 * @param perfMap whether to maintain /tmp/perf-&lt;pid&gt;.map for perf and other tools
 * @param keepPerfMap whether to leave the perf map in place at exit
 * @param cpuIntervalNanos on-CPU sampling interval of async-profiler, 0 for none
 * @param samplingNanos duration-weighted sampling period T (0 = off): an episode of d &lt; T is recorded
 *     with probability d/T and weight T, longer ones always; replaces the threshold when set, and is the
 *     default ({@link #DEFAULT_SAMPLING_NANOS}) unless a threshold is given
 */
public record AgentOptions(
        Path file,
        long thresholdNanos,
        String jfrSettings,
        long flushNanos,
        int ringBufferBytes,
        boolean perfMap,
        boolean keepPerfMap,
        long cpuIntervalNanos,
        long samplingNanos) {

    /**
     * The default {@code jfr=}: the JVM's own recording joins the file only when the user runs JFR in this JVM
     * already. Starting JFR costs the application far more than the agent does (measured on a hello world:
     * main() 0.6 s later, 1.2 s of CPU, 50 MB of RSS), so the agent never imposes it.
     */
    public static final String JFR_AUTO = "auto";

    /**
     * The default mode: every episode counted in the per-thread totals, and a duration-weighted sample of them
     * recorded one by one with stacks, every one of 10 ms or more. Stacks are what episodes cost (a kernel stack
     * is ~4 us, a user stack 3-11 us: bench/README.md), and how many episodes cross a fixed threshold depends on
     * the machine: when the CPUs are contended, waits lengthen and a server's millisecond waits all cross 1 ms.
     * Sampling bounds the stacks by the off-CPU time instead (at most 100 a second per thread at 10 ms). Under
     * bench/http.sh's load, bench/bpf-cost-http.sh measured BPF CPU per request of 3.1 us (sampling=10ms) and 3.5
     * us (threshold=1ms) on an otherwise idle machine, and 4.3 us and 12.2 us while other builds kept the CPUs
     * busy. The weights still sum to every thread's off-CPU time, short waits included, which a threshold of 10
     * ms (JFR's choice for its park and monitor events) would drop. {@code threshold=1ms} records every episode
     * of 1 ms as before.
     */
    static final long DEFAULT_SAMPLING_NANOS = 10_000_000L;

    static final String ACCEPTED_KEYS = "file, threshold, sampling, jfr, flush, ringbuffer, perfmap, keepperfmap, cpu";
    /** Sampling periods the kernel side can draw against (a 32-bit random number scaled by T). */
    private static final long MIN_CPU_INTERVAL_NANOS = 100_000L;

    private static final long MIN_FLUSH_NANOS = 1_000_000_000L;
    /*
     * The ring buffer's pages become resident in the profiled JVM twice over (the kernel maps its data
     * twice so records can wrap), so its size is memory the application pays. The ring only has to cover
     * the time until the library's drain thread moves its records out (woken at an eighth full, it copies
     * them to a bounded overflow the consumer takes from): at the default threshold records come at a few
     * thousand per second, and 1 MiB holds about 2,700 of them (~380 bytes each). With threshold=0 every
     * switch is a record (100k/s in the consumer benchmark): 8 MiB covers a drain thread delayed by a busy
     * machine, where 2 MiB dropped records.
     */
    static final int DEFAULT_RING_BYTES = 1 << 20;
    static final int EVERY_EPISODE_RING_BYTES = 8 << 20;
    private static final int MIN_RING_BYTES = 1 << 16;
    private static final int MAX_RING_BYTES = 1 << 30;

    public static AgentOptions defaults(long pid) {
        return new Builder(pid).build();
    }

    /** Parses the agent argument string (null or empty means all defaults). */
    public static AgentOptions parse(String text, long pid) {
        Builder o = new Builder(pid);
        if (text == null || text.isBlank()) {
            return o.build();
        }
        for (Map.Entry<String, String> e : pairs(text).entrySet()) {
            String value = e.getValue();
            switch (e.getKey()) {
                case "file" -> o.file = file(value);
                case "threshold" -> {
                    o.thresholdNanos = Durations.parseNanos("threshold", value);
                    o.thresholdGiven = true;
                }
                case "sampling" -> o.samplingNanos = sampling(value);
                case "jfr" -> o.jfrSettings = jfrSettings(value);
                case "flush" -> o.flushNanos = flush(value);
                case "ringbuffer" -> o.ringBufferBytes = ringBufferBytes(value);
                case "perfmap" -> o.perfMap = bool("perfmap", value);
                case "keepperfmap" -> o.keepPerfMap = bool("keepperfmap", value);
                case "cpu" -> o.cpuIntervalNanos = cpuInterval(value);
                default -> throw new OptionException("unknown option '" + e.getKey() + "'; accepted: " + ACCEPTED_KEYS);
            }
        }
        return o.build();
    }

    /** The defaults, then each option as it is parsed. */
    private static final class Builder {
        Path file;
        long thresholdNanos = 1_000_000L;
        boolean thresholdGiven;
        String jfrSettings = JFR_AUTO;
        long flushNanos = 5_000_000_000L;
        /** Null until given: the default depends on the threshold. */
        Integer ringBufferBytes;

        boolean perfMap = true;
        boolean keepPerfMap;
        long cpuIntervalNanos;
        /** Null until given: the default depends on whether a threshold is. */
        Long samplingNanos;

        Builder(long pid) {
            file = Path.of("offcpu-" + pid + ".jfr");
        }

        AgentOptions build() {
            long sampling = samplingNanos != null ? samplingNanos : thresholdGiven ? 0 : DEFAULT_SAMPLING_NANOS;
            int ring = ringBufferBytes != null
                    ? ringBufferBytes
                    : thresholdNanos == 0 && sampling == 0 ? EVERY_EPISODE_RING_BYTES : DEFAULT_RING_BYTES;
            return new AgentOptions(
                    file,
                    thresholdNanos,
                    jfrSettings,
                    flushNanos,
                    ring,
                    perfMap,
                    keepPerfMap,
                    cpuIntervalNanos,
                    sampling);
        }
    }

    private static Map<String, String> pairs(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String item : text.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new OptionException(
                        "bad option '" + item + "': expected key=value with a key among " + ACCEPTED_KEYS);
            }
            String key = item.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (pairs.put(key, item.substring(eq + 1).trim()) != null) {
                throw new OptionException("option '" + key + "' given twice");
            }
        }
        return pairs;
    }

    private static Path file(String value) {
        if (value.isEmpty()) {
            throw new OptionException("bad value '' for file: expected a path such as app.jfr");
        }
        return Path.of(value);
    }

    private static String jfrSettings(String value) {
        if (value.equals("none")) {
            return null;
        }
        if (value.equals(JFR_AUTO) || value.equals("default") || value.equals("profile") || value.endsWith(".jfc")) {
            return value;
        }
        throw new OptionException("bad value '" + value + "' for jfr: expected auto, default, profile, none or a path"
                + " to a .jfc file");
    }

    private static long flush(String value) {
        long nanos = Durations.parseNanos("flush", value);
        if (nanos < MIN_FLUSH_NANOS) {
            throw new OptionException("bad value '" + value + "' for flush: expected at least 1s");
        }
        return nanos;
    }

    private static int ringBufferBytes(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        long multiplier = v.endsWith("k") ? 1 << 10 : v.endsWith("m") ? 1 << 20 : 1;
        String digits = multiplier == 1 ? v : v.substring(0, v.length() - 1);
        long bytes;
        try {
            bytes = Long.parseLong(digits) * multiplier;
        } catch (NumberFormatException e) {
            bytes = -1;
        }
        if (bytes < MIN_RING_BYTES || bytes > MAX_RING_BYTES || Long.bitCount(bytes) != 1) {
            throw new OptionException(
                    "bad value '" + value + "' for ringbuffer: expected a power of two from 64k to 1024m, such as 8m");
        }
        return (int) bytes;
    }

    private static long sampling(String value) {
        long t = Durations.parseNanos("sampling", value);
        if (t < 0 || t > KernelContract.MAX_SAMPLING_NS) {
            throw new OptionException("bad value '" + value + "' for sampling: expected a period from 0 (off) to 4s");
        }
        return t;
    }

    private static long cpuInterval(String value) {
        if (value.equals("off")) {
            return 0;
        }
        long nanos = Durations.parseNanos("cpu", value);
        if (nanos != 0 && nanos < MIN_CPU_INTERVAL_NANOS) {
            throw new OptionException("bad value '" + value + "' for cpu: expected off or a sampling interval of at"
                    + " least 100us, such as 10ms");
        }
        return nanos;
    }

    private static boolean bool(String option, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default ->
                throw new OptionException("bad value '" + value + "' for " + option + ": expected true or false");
        };
    }
}
