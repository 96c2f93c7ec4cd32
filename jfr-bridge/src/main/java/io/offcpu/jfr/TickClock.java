package io.offcpu.jfr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;

/**
 * Converts CLOCK_MONOTONIC nanoseconds (eBPF's {@code bpf_ktime_get_ns}, Java's
 * {@code System.nanoTime()}) into the JVM's own JFR ticks, and ticks into wall-clock time the way JFR
 * readers do.
 *
 * <p>Why the JVM's ticks: the JDK 25 parser converts every chunk of a file with the first chunk's
 * (startTicks, startNanos, ticksPerSecond) — {@code ChunkParser} hands its {@code TimeConverter} on to
 * the next chunk — so our chunks, appended after the JVM's, must count in the same tick base or our
 * events land at the wrong time. JDK 17 and JMC convert each chunk with its own header, so our header
 * must also agree with the JVM's mapping.
 *
 * <p>Measured on Linux x86_64, JDK 17.0.15 and Temurin 25 (invariant TSC, clocksource tsc): HotSpot's
 * ticks are {@code os::elapsed_counter()}, i.e. CLOCK_MONOTONIC ns minus the value at JVM start, with
 * ticksPerSecond = 10^9; a JFR event's ticks matched {@code System.nanoTime()} around it to within
 * ~1 µs on both. With {@code -XX:+UseFastUnorderedTimeStamps} ticks would be raw TSC with an estimated
 * frequency. We do not assume either: a JVM-written chunk header gives one (ticks, wall-clock ns) pair
 * and the frequency, and the wall-clock minus monotonic offset, measured here, links it to
 * CLOCK_MONOTONIC:
 * <pre>ticks(mono) = anchorTicks + (mono + (realtime - monotonic) - anchorEpochNanos) * ticksPerSecond / 1e9</pre>
 * This holds as long as the wall clock is not stepped between calibration and use.
 */
public final class TickClock {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long anchorTicks;
    private final long anchorEpochNanos;
    private final long ticksPerSecond;
    private final long epochMinusMonotonicNanos;

    private TickClock(long anchorTicks, long anchorEpochNanos, long ticksPerSecond, long epochMinusMonotonicNanos) {
        if (ticksPerSecond <= 0) {
            throw new IllegalArgumentException("ticksPerSecond must be > 0, was " + ticksPerSecond);
        }
        this.anchorTicks = anchorTicks;
        this.anchorEpochNanos = anchorEpochNanos;
        this.ticksPerSecond = ticksPerSecond;
        this.epochMinusMonotonicNanos = epochMinusMonotonicNanos;
    }

    /**
     * A clock for this JVM's output. When JFR is running here (a recording of the JVM goes into the same
     * file), {@link #calibrateAgainstJfr()}; otherwise {@link #monotonic()}: starting JFR only to learn its
     * tick base cost 0.3–3 s of CPU and tens of MB at start-up, for a file that holds no chunk of the
     * JVM's. Whoever starts a JVM recording for the same file must therefore do so before calling this.
     */
    public static TickClock calibrate() throws IOException {
        return FlightRecorder.isInitialized() ? calibrateAgainstJfr() : monotonic();
    }

    /**
     * Ticks that are CLOCK_MONOTONIC nanoseconds, at 10^9 per second: a tick base of our own, for files whose
     * every chunk we write. (HotSpot's own ticks have the same rate but count from JVM start.)
     */
    public static TickClock monotonic() {
        long epochMinusMonotonic = measureEpochMinusMonotonicNanos();
        return of(0, epochMinusMonotonic, NANOS_PER_SECOND, epochMinusMonotonic);
    }

    /**
     * Calibrates against this JVM: records a short, empty JFR recording (no events enabled), reads the
     * tick base from its chunk header and deletes it. Starts the JFR subsystem if it is not running
     * (about 0.3–0.5 s and some MB the first time).
     */
    public static TickClock calibrateAgainstJfr() throws IOException {
        Path tmp = Files.createTempFile("offcpu-tick-calibration", ".jfr");
        try {
            try (Recording r = new Recording()) {
                r.setName("offcpu tick calibration");
                r.setToDisk(true);
                r.start();
                r.stop();
                r.dump(tmp);
            }
            return fromRecording(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Calibrates from a recording this JVM wrote (a dump or a repository chunk): uses its first chunk
     * header. The recording must come from the JVM whose ticks we are to match.
     */
    public static TickClock fromRecording(Path jvmRecording) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(ChunkHeader.SIZE);
        try (FileChannel ch = FileChannel.open(jvmRecording, StandardOpenOption.READ)) {
            while (header.hasRemaining() && ch.read(header) >= 0) {
                // fill
            }
        }
        header.flip();
        ChunkHeader h;
        try {
            h = ChunkHeader.read(header);
        } catch (IOException e) {
            throw new IOException("cannot calibrate JFR ticks from " + jvmRecording + ": " + e.getMessage(), e);
        }
        return of(h.startTicks(), h.startNanos(), h.ticksPerSecond(), measureEpochMinusMonotonicNanos());
    }

    /**
     * A clock from explicit values.
     *
     * @param anchorTicks              a JVM tick value
     * @param anchorEpochNanos         the wall-clock time of {@code anchorTicks}, ns since the epoch
     * @param ticksPerSecond           the JVM's tick frequency
     * @param epochMinusMonotonicNanos CLOCK_REALTIME minus CLOCK_MONOTONIC, in ns
     */
    public static TickClock of(
            long anchorTicks, long anchorEpochNanos, long ticksPerSecond, long epochMinusMonotonicNanos) {
        return new TickClock(anchorTicks, anchorEpochNanos, ticksPerSecond, epochMinusMonotonicNanos);
    }

    /**
     * CLOCK_REALTIME minus CLOCK_MONOTONIC: the narrowest of many {@code nanoTime} brackets around
     * {@code Instant.now()} (ns resolution on Linux), so the error is about half a bracket (~50 ns).
     */
    public static long measureEpochMinusMonotonicNanos() {
        Clock utc = Clock.systemUTC();
        long bestWidth = Long.MAX_VALUE;
        long bestOffset = 0;
        for (int i = 0; i < 2_000; i++) {
            long before = System.nanoTime();
            Instant now = utc.instant();
            long after = System.nanoTime();
            if (after - before < bestWidth) {
                bestWidth = after - before;
                long epochNanos = now.getEpochSecond() * NANOS_PER_SECOND + now.getNano();
                bestOffset = epochNanos - (before + (after - before) / 2);
            }
        }
        return bestOffset;
    }

    /** JVM ticks at a CLOCK_MONOTONIC time. */
    public long ticksAt(long monotonicNanos) {
        return anchorTicks + nanosToTicks(epochNanosAt(monotonicNanos) - anchorEpochNanos);
    }

    /** A duration in ticks. */
    public long ticksFor(long durationNanos) {
        return nanosToTicks(durationNanos);
    }

    /** Wall-clock ns since the epoch at a CLOCK_MONOTONIC time. */
    public long epochNanosAt(long monotonicNanos) {
        return monotonicNanos + epochMinusMonotonicNanos;
    }

    /** Wall-clock ns since the epoch of a tick value, as a reader using the JVM's chunk header computes it. */
    public long epochNanosAtTicks(long ticks) {
        return anchorEpochNanos + ticksToNanos(ticks - anchorTicks);
    }

    public long ticksPerSecond() {
        return ticksPerSecond;
    }

    private long nanosToTicks(long nanos) {
        return ticksPerSecond == NANOS_PER_SECOND ? nanos : Math.round(nanos * (ticksPerSecond / 1e9));
    }

    private long ticksToNanos(long ticks) {
        return ticksPerSecond == NANOS_PER_SECOND ? ticks : Math.round(ticks * (1e9 / ticksPerSecond));
    }

    @Override
    public String toString() {
        return "TickClock[anchorTicks=" + anchorTicks + ", anchorEpochNanos=" + anchorEpochNanos + ", ticksPerSecond="
                + ticksPerSecond + ", epochMinusMonotonicNanos=" + epochMinusMonotonicNanos + "]";
    }
}
