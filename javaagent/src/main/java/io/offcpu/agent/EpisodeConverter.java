package io.offcpu.agent;

import io.offcpu.jfr.ThreadStatistics;
import io.offcpu.jni.KernelContract;
import io.offcpu.jni.ThreadTotalsView;

/**
 * Turns kernel thread totals into JFR statistics, threads identified. Episodes and wakeups take the hot path
 * instead ({@link EventEncoder}), which encodes them straight from the ring-buffer batch.
 */
final class EpisodeConverter {
    private final long pid;
    private final ThreadDirectory threads;

    EpisodeConverter(long pid, ThreadDirectory threads) {
        this.pid = pid;
        this.threads = threads;
    }

    /** This JVM's process id: wakers of other processes are named by theirs. */
    long pid() {
        return pid;
    }

    /** A thread's kernel totals as of their reading, the episode in progress included, written into {@code into}. */
    ThreadStatistics convert(ThreadTotalsView t, ThreadStatistics into) {
        return into.set(
                t.timeNanos(),
                threads.thread(t.tid()),
                t.offCpuNanosNow(KernelContract.BUCKET_SLEEPING),
                t.offCpuNanosNow(KernelContract.BUCKET_UNINTERRUPTIBLE),
                t.offCpuNanosNow(KernelContract.BUCKET_PREEMPTED),
                t.runQueueNanosNow(),
                t.voluntarySwitches(),
                t.involuntarySwitches(),
                t.episodes(),
                t.unseenStarts(),
                t.openOffCpuNanos(),
                t.openRunQueueNanos(),
                t.exited());
    }
}
