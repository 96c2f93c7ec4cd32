package io.offcpu.it;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code offcpu.OffCpu} event as the tests look at it, whichever reader produced it.
 * {@code runQueueNanos} is its {@code runQueueLatency}: wakeup to back on a CPU, the whole episode when
 * preempted; -1 when the reader gives none.
 */
public record OffCpuEvent(
        long osThreadId,
        String javaName,
        long durationNanos,
        String syscall,
        List<Frame> frames,
        String reason,
        String reasonDetail,
        long runQueueNanos) {

    /** An event whose reader gives no reason nor run-queue latency (JMC tests, hand-made events). */
    public OffCpuEvent(long osThreadId, String javaName, long durationNanos, String syscall, List<Frame> frames) {
        this(osThreadId, javaName, durationNanos, syscall, frames, null, null, -1);
    }

    /**
     * Frame types of Java code as the event schema names them (and JMC understands). A Java method declared
     * {@code native} (e.g. {@code Thread.sleep} on JDK 17) is a "Native" frame, as in the JDK's own events,
     * so matching by class and method looks at every frame that is not "Kernel".
     */
    public static final Set<String> JAVA_CODE_FRAME_TYPES = Set.of("Interpreted", "JIT compiled", "Inlined");

    /** A stack frame, top first in {@link #frames()}; {@code className} is the JVM name ("a.b.C$D"). */
    public record Frame(String type, String className, String methodName) {
        public boolean isKernel() {
            return "Kernel".equals(type);
        }

        /** Interpreted or compiled Java code (not a native method, not C/C++, not the kernel). */
        public boolean isJavaCode() {
            return JAVA_CODE_FRAME_TYPES.contains(type);
        }

        /** {@code className.methodName}, e.g. {@code java.lang.Thread.sleep}. */
        public String qualifiedName() {
            return className == null || className.isEmpty() ? methodName : className + "." + methodName;
        }
    }

    public boolean hasJavaMethod(String className, String methodName) {
        return frames.stream()
                .anyMatch(f -> !f.isKernel() && className.equals(f.className()) && methodName.equals(f.methodName()));
    }

    public boolean hasAnyJavaFrame(Set<String> qualifiedNames) {
        return frames.stream().anyMatch(f -> !f.isKernel() && qualifiedNames.contains(f.qualifiedName()));
    }

    public boolean hasAnyKernelFunction(Set<String> functions) {
        return frames.stream().anyMatch(f -> f.isKernel() && functions.contains(f.methodName()));
    }

    /** The topmost frame of interpreted or compiled Java code. */
    public Optional<Frame> topJavaFrame() {
        return frames.stream().filter(Frame::isJavaCode).findFirst();
    }

    public double durationMillis() {
        return durationNanos / 1e6;
    }

    /** A one-line summary for failure messages. */
    public String describe() {
        StringBuilder s = new StringBuilder(String.format(
                "%s tid=%d %.3f ms syscall=%s reason=%s runQueue=%.3f ms [",
                javaName, osThreadId, durationMillis(), syscall, reason, runQueueNanos / 1e6));
        for (int i = 0; i < frames.size(); i++) {
            s.append(i == 0 ? "" : " < ")
                    .append(frames.get(i).type())
                    .append(':')
                    .append(frames.get(i).qualifiedName());
        }
        return s.append(']').toString();
    }
}
