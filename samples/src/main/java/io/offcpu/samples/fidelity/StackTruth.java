package io.offcpu.samples.fidelity;

import java.util.List;

/**
 * What a sample thread knew about one of its blocking episodes before it blocked: its kernel tid, the
 * {@code System.nanoTime()} right before the blocking call, how long the call took (measured by the thread
 * around it), what kind of call it was (park, sleep, wait),
 * and its own Java stack, innermost first, starting at the sample's blocking method (the JDK frames of
 * the blocking call itself are not part of it).
 */
public record StackTruth(long tid, long nanoTime, long blockedNanos, String blockKind, List<Frame> frames) {
    public StackTruth {
        frames = List.copyOf(frames);
    }

    /** One Java frame; {@code line} is negative when unknown (as in {@link StackTraceElement}). */
    public record Frame(String className, String methodName, int line) {
        public String qualifiedName() {
            return className + "." + methodName;
        }

        @Override
        public String toString() {
            return qualifiedName() + ":" + line;
        }
    }
}
