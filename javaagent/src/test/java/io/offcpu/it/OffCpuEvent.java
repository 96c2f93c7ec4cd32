package io.offcpu.it;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** One {@code offcpu.OffCpu} event as the tests look at it, whichever reader produced it. */
public record OffCpuEvent(long osThreadId, String javaName, long durationNanos, String syscall,
        List<Frame> frames) {

    /** Frame types as the event schema names them (and JMC understands). */
    public static final Set<String> NON_JAVA_FRAME_TYPES = Set.of("Kernel", "Native", "C++");

    /** A stack frame, top first in {@link #frames()}; {@code className} is the JVM name ("a.b.C$D"). */
    public record Frame(String type, String className, String methodName) {
        public boolean isKernel() {
            return "Kernel".equals(type);
        }

        public boolean isJava() {
            return !NON_JAVA_FRAME_TYPES.contains(type);
        }

        /** {@code className.methodName}, e.g. {@code java.lang.Thread.sleep}. */
        public String qualifiedName() {
            return className == null || className.isEmpty() ? methodName : className + "." + methodName;
        }
    }

    public boolean hasJavaMethod(String className, String methodName) {
        return frames.stream().anyMatch(f -> f.isJava() && className.equals(f.className())
                && methodName.equals(f.methodName()));
    }

    public boolean hasAnyJavaFrame(Set<String> qualifiedNames) {
        return frames.stream().anyMatch(f -> f.isJava() && qualifiedNames.contains(f.qualifiedName()));
    }

    public boolean hasAnyKernelFunction(Set<String> functions) {
        return frames.stream().anyMatch(f -> f.isKernel() && functions.contains(f.methodName()));
    }

    public Optional<Frame> topJavaFrame() {
        return frames.stream().filter(Frame::isJava).findFirst();
    }

    public double durationMillis() {
        return durationNanos / 1e6;
    }

    /** A one-line summary for failure messages. */
    public String describe() {
        StringBuilder s = new StringBuilder(String.format("%s tid=%d %.3f ms syscall=%s [", javaName, osThreadId,
                durationMillis(), syscall));
        for (int i = 0; i < frames.size(); i++) {
            s.append(i == 0 ? "" : " < ").append(frames.get(i).type()).append(':')
                    .append(frames.get(i).qualifiedName());
        }
        return s.append(']').toString();
    }
}
