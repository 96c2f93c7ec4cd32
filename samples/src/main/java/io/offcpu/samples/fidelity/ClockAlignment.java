package io.offcpu.samples.fidelity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Converts JFR event times (an {@link Instant}, as {@code jdk.jfr.consumer} gives them) to the
 * {@code System.nanoTime()} clock of the sample's truths. The sample commits {@code FidelityClock} events
 * carrying {@code System.nanoTime()} taken right after the event's start; the offset between the two is
 * the same for every event of the recording because JFR's ticks and our episodes' starts are
 * CLOCK_MONOTONIC on Linux and the agent's chunks share the JVM's tick base (docs/ARCHITECTURE.md, JFR facts). The median over
 * the events is used; {@link #spreadNanos()} says how far they disagree.
 */
public final class ClockAlignment {
    private final long offsetNanos;
    private final long spreadNanos;
    private final int samples;

    private ClockAlignment(long offsetNanos, long spreadNanos, int samples) {
        this.offsetNanos = offsetNanos;
        this.spreadNanos = spreadNanos;
        this.samples = samples;
    }

    /** From pairs (event start, nanoTime in the event); at least one is needed. */
    public static ClockAlignment of(List<Instant> eventStarts, List<Long> nanoTimes) {
        if (eventStarts.isEmpty() || eventStarts.size() != nanoTimes.size()) {
            throw new IllegalArgumentException("need clock events to align JFR time with System.nanoTime(), got "
                    + eventStarts.size() + " event starts and " + nanoTimes.size()
                    + " nanoTimes: was the JVM's own recording on (agent option jfr=none turns it off)?");
        }
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < eventStarts.size(); i++) {
            offsets.add(epochNanos(eventStarts.get(i)) - nanoTimes.get(i));
        }
        Collections.sort(offsets);
        return new ClockAlignment(
                offsets.get(offsets.size() / 2), offsets.get(offsets.size() - 1) - offsets.get(0), offsets.size());
    }

    public long toNanoTime(Instant jfrTime) {
        return epochNanos(jfrTime) - offsetNanos;
    }

    /** Largest minus smallest offset over the clock events: how well JFR time and nanoTime agree. */
    public long spreadNanos() {
        return spreadNanos;
    }

    public int samples() {
        return samples;
    }

    private static long epochNanos(Instant time) {
        return time.getEpochSecond() * 1_000_000_000L + time.getNano();
    }
}
