package io.offcpu.agent;

import io.offcpu.jfr.Frame;
import io.offcpu.jfr.OffCpuEvent;
import io.offcpu.jfr.ThreadRef;
import io.offcpu.jni.Episode;
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
                // Threshold mode: every episode at or above the threshold is recorded as itself.
                e.durationNanos(),
                reason.reason().value(),
                reason.detail(),
                e.cpuIn(),
                0);
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
