package io.offcpu.jfr;

import java.util.Objects;

/**
 * A thread as JFR shows it. JMC identifies threads by {@code osThreadId} (the kernel tid), so that is
 * the one value that must be right; the Java identity is optional because kernel threads, GC workers
 * and native threads have none.
 *
 * @param osThreadId   kernel thread id (what {@code gettid()} returns, the {@code nid} of a thread dump)
 * @param osName       kernel name ({@code /proc/<pid>/task/<tid>/comm}, at most 15 characters)
 * @param javaThreadId {@code Thread.threadId()}, or 0 when this is not a Java thread
 * @param javaName     {@code Thread.getName()}, or null when this is not a Java thread
 */
public record ThreadRef(long osThreadId, String osName, long javaThreadId, String javaName) {
    public ThreadRef {
        if (osThreadId <= 0) {
            throw new IllegalArgumentException("osThreadId must be a kernel tid > 0, was " + osThreadId);
        }
        Objects.requireNonNull(osName, "osName (use the comm name; empty string if unknown)");
        if (javaThreadId < 0) {
            throw new IllegalArgumentException(
                    "javaThreadId must be >= 0 (0 = not a Java thread), was " + javaThreadId);
        }
    }

    // Written out: a record's generated equals/hashCode bootstrap through invokedynamic (ObjectMethods) on first
    // use, which cost the agent's start-up milliseconds of method-handle spinning per record class in the
    // profiled JVM.
    @Override
    public boolean equals(Object o) {
        return o instanceof ThreadRef t
                && osThreadId == t.osThreadId
                && javaThreadId == t.javaThreadId
                && osName.equals(t.osName)
                && Objects.equals(javaName, t.javaName);
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(osThreadId);
        h = 31 * h + osName.hashCode();
        h = 31 * h + Long.hashCode(javaThreadId);
        return 31 * h + Objects.hashCode(javaName);
    }

    /** A thread the JVM does not know as a Java thread (kernel, GC, compiler or native threads). */
    public static ThreadRef nativeThread(long osThreadId, String osName) {
        return new ThreadRef(osThreadId, osName, 0, null);
    }

    public boolean isJavaThread() {
        return javaName != null || javaThreadId != 0;
    }
}
