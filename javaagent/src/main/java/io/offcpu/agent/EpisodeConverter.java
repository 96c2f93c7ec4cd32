package io.offcpu.agent;

import io.offcpu.jfr.Frame;
import io.offcpu.jfr.OffCpuEvent;
import io.offcpu.jfr.ThreadRef;
import io.offcpu.jfr.ThreadStatistics;
import io.offcpu.jfr.WakeupEvent;
import io.offcpu.jni.Episode;
import io.offcpu.jni.ThreadTotals;
import io.offcpu.jni.Wakeup;
import java.util.List;

/** Turns a kernel episode into the JFR event: threads identified, stacks symbolized, fields named. */
final class EpisodeConverter {
    private final long pid;
    private final ThreadDirectory threads;
    private final StackSymbolizer symbolizer;

    EpisodeConverter(long pid, ThreadDirectory threads, StackSymbolizer symbolizer) {
        this.pid = pid;
        this.threads = threads;
        this.symbolizer = symbolizer;
    }

    /** This JVM's process id: wakers of other processes are named by theirs. */
    long pid() {
        return pid;
    }

    OffCpuEvent convert(Episode e) {
        List<Frame> frames = symbolizer.frames(e);
        String syscall = Syscalls.name(e.syscallNumber());
        ReasonClassifier.Classification reason = ReasonClassifier.classify(e.state(), syscall, frames);
        return new OffCpuEvent(
                e.startNanos(),
                e.durationNanos(),
                threads.thread(e.tid()),
                frames,
                e.stackTruncated(),
                KernelStates.name(e.state()),
                syscall,
                e.runQueueNanos(),
                waker(e),
                e.cpuOut(),
                // The duration in threshold mode; max(duration, T) for an episode chosen by sampling.
                e.has(Episode.SAMPLED) ? e.weightNanos() : e.durationNanos(),
                reason.reason().value(),
                reason.detail(),
                e.cpuIn(),
                e.wakeupId(),
                WokenBy.of(e));
    }

    /** The waker's side of a wakeup: its thread and stack, and the thread it woke. */
    WakeupEvent convert(Wakeup w) {
        return new WakeupEvent(w.timeNanos(), threads.thread(w.wakerTid()), symbolizer.frames(w), w.stackTruncated(),
                threads.thread(w.wokenTid()), w.wakeupId(), w.cpu());
    }

    /** A thread's kernel totals as of their reading, the episode in progress included. */
    ThreadStatistics convert(ThreadTotals t) {
        return new ThreadStatistics(t.timeNanos(), threads.thread(t.tid()),
                t.offCpuNanosNow(ThreadTotals.SLEEPING), t.offCpuNanosNow(ThreadTotals.UNINTERRUPTIBLE),
                t.offCpuNanosNow(ThreadTotals.PREEMPTED), t.runQueueNanosNow(), t.voluntarySwitches(),
                t.involuntarySwitches(), t.episodes(), t.unseenStarts(), t.openOffCpuNanos(), t.openRunQueueNanos(),
                t.exited());
    }

    private ThreadRef waker(Episode e) {
        if (e.wakerTid() == 0) {
            return null; // woken from interrupt context or never woken (preempted, timeout)
        }
        if (e.wakerTgid() == pid) {
            return threads.thread(e.wakerTid());
        }
        return ThreadDirectory.foreign(e.wakerTid(), e.wakerTgid(), e.wakerName());
    }
}
