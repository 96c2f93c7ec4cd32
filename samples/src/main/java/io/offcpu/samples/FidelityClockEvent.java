package io.offcpu.samples;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * Ties {@code System.nanoTime()} to JFR time: the fidelity matcher reads the offset between this event's
 * {@code startTime} (as a JFR reader converts it) and its {@code nanoTime}, and uses it to place each truth's
 * nanoTime among the profiler's episodes. Committed by {@link FidelitySample} when the JVM records JFR.
 */
@Name(FidelityClockEvent.NAME)
@Label("Fidelity clock")
@Category("offcpu samples")
@Description("System.nanoTime() at the event's start, to align a sample's own timestamps with JFR time")
final class FidelityClockEvent extends jdk.jfr.Event {
    static final String NAME = "io.offcpu.samples.FidelityClock";

    @Label("System.nanoTime()")
    @Timespan(Timespan.NANOSECONDS)
    long nanoTime;

    static void commitNow() {
        FidelityClockEvent event = new FidelityClockEvent();
        event.begin();
        event.nanoTime = System.nanoTime();
        event.commit();
    }
}
