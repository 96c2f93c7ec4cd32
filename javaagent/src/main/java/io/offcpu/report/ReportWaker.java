package io.offcpu.report;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What ended an off-CPU episode, from the {@code offcpu.OffCpu} event's {@code waker} field and the
 * {@code offcpu.Wakeup} event it links to by {@code wakeupId}.
 *
 * <p>The agent leaves {@code waker} empty when no task woke the thread: a timer or an interrupt (or softirq)
 * did (the event's {@code wokenBy} says which; files written before that field say nothing), or nothing had
 * to, because the thread was preempted and stayed runnable. Wakers in other processes are threads named
 * {@code comm (pid N)}, without a stack: the unwind tables describe this JVM's mappings only.
 *
 * @param thread   the waker, null when no thread woke it
 * @param wakeupId the {@code offcpu.Wakeup} event holding the waker's stack; 0 when none was taken
 * @param frames   the waker's stack at the wakeup, outermost first; empty when none was taken or its
 *                 {@code offcpu.Wakeup} event is not in the file
 * @param wokenBy  the event's {@code wokenBy}: thread, timer, interrupt; "" when not known
 */
record ReportWaker(ReportThread thread, long wakeupId, List<BlockedInterval.NamedFrame> frames, String wokenBy) {
    /** For an episode no thread ended that was not preempted, in a file that does not say what did. */
    static final String TIMER_OR_INTERRUPT = "[timer or interrupt]";

    static final String TIMER = "[timer]";
    static final String INTERRUPT = "[interrupt]";
    /** For a preempted episode: the thread stayed runnable, nothing woke it. */
    static final String PREEMPTED = "[preempted]";
    /** For an episode a thread ended whose stack was not taken (woken before the threshold, or another process). */
    static final String NO_STACK = "[no waker stack]";

    static final ReportWaker NONE = new ReportWaker(null, 0, List.of(), "");

    /** How the agent names a thread of another process (io.offcpu.agent.ThreadDirectory#foreign). */
    private static final Pattern OTHER_PROCESS = Pattern.compile("(.*) \\(pid (\\d+)\\)");

    ReportWaker {
        frames = List.copyOf(frames);
    }

    ReportWaker withThread(ReportThread named) {
        return new ReportWaker(named, wakeupId, frames, wokenBy);
    }

    ReportWaker withFrames(List<BlockedInterval.NamedFrame> stack) {
        return new ReportWaker(thread, wakeupId, stack, wokenBy);
    }

    /** Who ended an episode, as the report names it: the waker thread, or why there is none. */
    static String who(BlockedInterval interval) {
        ReportThread waker = interval.waker().thread();
        if (waker == null) {
            if (interval.reason().equals(ReportReason.PREEMPTED)) {
                return PREEMPTED;
            }
            return switch (interval.waker().wokenBy()) {
                case "timer" -> TIMER;
                case "interrupt" -> INTERRUPT;
                default -> TIMER_OR_INTERRUPT;
            };
        }
        Matcher otherProcess = waker.javaName() == null ? OTHER_PROCESS.matcher(waker.displayName()) : null;
        if (otherProcess != null && otherProcess.matches()) {
            return otherProcess.group(1) + " (pid " + otherProcess.group(2) + ", tid " + waker.osThreadId() + ")";
        }
        return waker.label();
    }
}
