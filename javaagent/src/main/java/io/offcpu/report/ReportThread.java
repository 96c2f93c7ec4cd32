package io.offcpu.report;

import java.util.regex.Pattern;

/**
 * A thread as the report names it. The kernel tid is the identity (JFR and JMC key threads by
 * {@code osThreadId}); the names are for people and for {@code --thread}.
 *
 * @param osThreadId kernel tid
 * @param javaName   {@code Thread.getName()}, null for threads the JVM does not know as Java threads
 * @param osName     the kernel's name (at most 15 characters), may be null or empty
 */
record ReportThread(long osThreadId, String javaName, String osName) {

    String displayName() {
        if (javaName != null && !javaName.isEmpty()) {
            return javaName;
        }
        return osName == null || osName.isEmpty() ? "tid " + osThreadId : osName;
    }

    /** The name and the tid, as the report's rows show a thread: {@code worker-1 (tid 4242)}. */
    String label() {
        return displayName() + " (tid " + osThreadId + ")";
    }

    /** {@code --thread}: the pattern found anywhere in the Java name or the kernel name. */
    boolean matches(Pattern pattern) {
        return javaName != null && pattern.matcher(javaName).find()
                || osName != null && pattern.matcher(osName).find();
    }

    /**
     * Which of two views of the same tid names it better: a Java name over a kernel name (the kernel
     * truncates to 15 characters), the longer over the shorter.
     */
    ReportThread betterNamed(ReportThread other) {
        boolean mine = javaName != null && !javaName.isEmpty();
        boolean theirs = other.javaName != null && !other.javaName.isEmpty();
        if (mine != theirs) {
            return mine ? this : other;
        }
        return other.displayName().length() > displayName().length() ? other : this;
    }
}
