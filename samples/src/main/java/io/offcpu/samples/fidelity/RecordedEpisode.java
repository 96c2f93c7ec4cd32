package io.offcpu.samples.fidelity;

import java.util.List;

/**
 * One {@code offcpu.OffCpu} event as the fidelity matcher needs it: the kernel tid, the start on the
 * {@code System.nanoTime()} clock (see {@link ClockAlignment}), and the frames, innermost first.
 */
public record RecordedEpisode(long tid, long startNanoTime, long durationNanos, List<Frame> frames) {
    public RecordedEpisode {
        frames = List.copyOf(frames);
    }

    /**
     * A frame as the profiler named it: type as in the event schema ({@code Interpreted}, {@code JIT compiled},
     * {@code Inlined}, {@code Native}, {@code C++}, {@code Kernel}), JVM class name ("a.b.C$D", empty for
     * native and kernel symbols), method name, line (negative or 0 when unknown).
     */
    public record Frame(String type, String className, String methodName, int line) {
        public String qualifiedName() {
            return className == null || className.isEmpty() ? methodName : className + "." + methodName;
        }

        @Override
        public String toString() {
            return qualifiedName() + ":" + line + " (" + type + ")";
        }
    }
}
