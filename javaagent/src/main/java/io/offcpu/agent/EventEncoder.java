package io.offcpu.agent;

import io.offcpu.jfr.JfrString;
import io.offcpu.jfr.OffCpuChunkWriter;
import io.offcpu.jfr.OffCpuFields;
import io.offcpu.jfr.ThreadRef;
import io.offcpu.jfr.WakeupFields;
import io.offcpu.jni.EpisodeView;
import io.offcpu.jni.KernelContract;
import io.offcpu.jni.WakeupView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The consumer's hot path: turns an episode or a wakeup read in place in the batch into its JFR event,
 * written straight into the chunk. Threads, stacks and strings come from caches keyed by raw values
 * (tid, raw stack, state, syscall number), so a record whose stack and threads were seen before
 * allocates nothing. Produces what {@link EpisodeConverter} does for the same record.
 */
final class EventEncoder {
    private static final byte[] TIMER_COMM = "[timer]".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] IRQ_COMM = "[irq]".getBytes(StandardCharsets.US_ASCII);
    private static final JfrString THREAD = JfrString.of(WokenBy.THREAD);
    private static final JfrString TIMER = JfrString.of(WokenBy.TIMER);
    private static final JfrString INTERRUPT = JfrString.of(WokenBy.INTERRUPT);
    /** Syscall numbers with a cached name; x86_64 has fewer than 512. */
    private static final int SYSCALL_CACHE = 1024;

    private final long pid;
    private final ThreadDirectory threads;
    private final StackCache stacks;
    private final OffCpuChunkWriter writer;
    private final OffCpuFields episode = new OffCpuFields();
    private final WakeupFields wakeup = new WakeupFields();
    private final TidMap<ThreadKey> threadKeys = new TidMap<>();
    private final TidMap<ForeignWaker> foreignWakers = new TidMap<>();
    private final JfrString[] stateNames = new JfrString[256];
    private final JfrString[] syscallNames = new JfrString[SYSCALL_CACHE];
    private int poolGeneration;

    /** The key of a thread's entry, for as long as the directory returns the same ThreadRef. */
    private record ThreadKey(ThreadRef thread, long key) {}

    /** A waker of another process, by tid: its key while its process and comm stay the same. */
    private record ForeignWaker(int tgid, byte[] comm, long key) {}

    EventEncoder(long pid, ThreadDirectory threads, StackCache stacks, OffCpuChunkWriter writer) {
        this.pid = pid;
        this.threads = threads;
        this.stacks = stacks;
        this.writer = writer;
        this.poolGeneration = writer.poolGeneration();
    }

    /** Once per batch, after its code events were applied. */
    void beginBatch() {
        stacks.beginBatch();
    }

    /** Native mappings changed: native frames may name other files now. */
    void mappingsChanged() {
        stacks.mappingsChanged();
    }

    void write(EpisodeView e) throws IOException {
        checkPoolGeneration();
        OffCpuFields f = episode;
        long start = e.startNanos();
        f.startNanos = start;
        f.durationNanos = e.durationNanos();
        f.threadKey = threadKey(e.tid(), start + f.durationNanos);
        f.stackKey = stacks.stackKey(e, start);
        int state = e.state();
        long syscall = e.syscallNumber();
        StackCache.EncodedReason reason = stacks.reason(state, syscall);
        f.reason = reason.reason();
        f.reasonDetail = reason.detail();
        f.state = stateName(state);
        f.syscall = syscallName(syscall);
        f.runQueueLatencyNanos = e.runQueueNanos();
        f.wakerKey = wakerKey(e);
        f.wokenBy = wokenBy(e);
        f.cpu = e.cpuOut();
        f.cpuIn = e.cpuIn();
        // The duration in threshold mode; max(duration, T) for an episode chosen by sampling.
        f.weightNanos = e.has(KernelContract.FLAG_SAMPLED) ? e.weightNanos() : f.durationNanos;
        f.stackTruncated = e.stackTruncated();
        f.wakeupId = e.wakeupId();
        if (f.durationNanos < 0 || f.runQueueLatencyNanos < 0 || f.weightNanos < 0) {
            throw new IllegalArgumentException("durationNanos, runQueueLatencyNanos and weightNanos must be >= 0, were "
                    + f.durationNanos + ", " + f.runQueueLatencyNanos + ", " + f.weightNanos);
        }
        writer.write(f);
    }

    /** The waker's side of a wakeup: its thread and stack, and the thread it woke. */
    void write(WakeupView w) throws IOException {
        checkPoolGeneration();
        WakeupFields f = wakeup;
        f.timeNanos = w.timeNanos();
        f.wakerKey = threadKey(w.wakerTid(), f.timeNanos);
        f.stackKey = stacks.stackKey(w, f.timeNanos);
        f.wokenKey = threadKey(w.wokenTid(), f.timeNanos);
        f.wakeupId = w.wakeupId();
        f.cpu = w.cpu();
        writer.write(f);
    }

    /** Keys from before the writer forgot its constants would name nothing: drop them. */
    private void checkPoolGeneration() {
        int generation = writer.poolGeneration();
        if (generation != poolGeneration) {
            poolGeneration = generation;
            threadKeys.clear();
            foreignWakers.clear();
        }
    }

    /** The key of this JVM's thread {@code tid}, which was alive at {@code aliveAtNanos}. */
    private long threadKey(int tid, long aliveAtNanos) {
        ThreadRef thread = threads.thread(tid, aliveAtNanos);
        ThreadKey known = threadKeys.get(tid);
        if (known != null && known.thread() == thread) {
            return known.key();
        }
        long key = writer.threadKey(thread);
        threadKeys.put(tid, new ThreadKey(thread, key));
        return key;
    }

    private long wakerKey(EpisodeView e) {
        int tid = e.wakerTid();
        if (tid == 0) {
            return 0; // woken from interrupt context or never woken (preempted, timeout)
        }
        int tgid = e.wakerTgid();
        if (tgid == pid) {
            // The waker ran when the wakeup began the run-queue wait that ended the episode.
            return threadKey(tid, e.startNanos() + e.durationNanos() - e.runQueueNanos());
        }
        ForeignWaker known = foreignWakers.get(tid);
        if (known != null && known.tgid() == tgid && e.wakerNameIs(known.comm())) {
            return known.key();
        }
        long key = writer.threadKey(ThreadDirectory.foreign(tid, tgid, e.wakerName()));
        foreignWakers.put(tid, new ForeignWaker(tgid, rawComm(e), key));
        return key;
    }

    /** The comm's bytes as the kernel side wrote them, up to the NUL. */
    private static byte[] rawComm(EpisodeView e) {
        int length = 0;
        while (length < KernelContract.WAKER_COMM_SIZE && e.wakerCommByte(length) != 0) {
            length++;
        }
        byte[] comm = new byte[length];
        for (int i = 0; i < length; i++) {
            comm[i] = e.wakerCommByte(i);
        }
        return comm;
    }

    /** As {@link WokenBy#of}, from the comm bytes the kernel side gave the handler. */
    private static JfrString wokenBy(EpisodeView e) {
        if (e.wakerTid() != 0) {
            return THREAD;
        }
        if (e.wakerNameIs(TIMER_COMM)) {
            return TIMER;
        }
        return e.wakerNameIs(IRQ_COMM) ? INTERRUPT : JfrString.EMPTY;
    }

    private JfrString stateName(int state) {
        if (state < 0 || state >= stateNames.length) {
            return JfrString.of(KernelStates.name(state));
        }
        JfrString name = stateNames[state];
        if (name == null) {
            name = stateNames[state] = JfrString.of(KernelStates.name(state));
        }
        return name;
    }

    private JfrString syscallName(long number) {
        if (number < 0) {
            return JfrString.of(Syscalls.name(number));
        }
        if (number >= SYSCALL_CACHE) {
            return JfrString.of(Syscalls.name(number));
        }
        JfrString name = syscallNames[(int) number];
        if (name == null) {
            name = syscallNames[(int) number] = JfrString.of(Syscalls.name(number));
        }
        return name;
    }
}
