package io.offcpu.jfr;

import java.util.List;
import java.util.Objects;

/**
 * An on-CPU sample (from async-profiler), written as the JDK's own {@code jdk.ExecutionSample} so
 * Mission Control's CPU views and {@code report --wall} read it like the JVM's samples.
 *
 * @param timeNanos when the sample was taken, CLOCK_MONOTONIC ns
 * @param stack     innermost frame first
 * @param state     the thread state as JFR names it, e.g. {@code STATE_RUNNABLE}
 */
public record ExecutionSample(
        long timeNanos, ThreadRef thread, List<Frame> stack, boolean stackTruncated, String state) {
    public ExecutionSample {
        Objects.requireNonNull(thread, "thread");
        Objects.requireNonNull(state, "state");
        stack = stack == null ? List.of() : List.copyOf(stack);
    }
}
