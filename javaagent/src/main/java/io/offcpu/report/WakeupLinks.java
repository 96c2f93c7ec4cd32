package io.offcpu.report;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;

/**
 * The {@code offcpu.Wakeup} events of a recording, to give each woken episode its waker's stack. The link
 * is {@code wakeupId}, and it must also name the same two threads: ids restart at 1 each time the profiler
 * starts, so a file holding the events of two profiler runs could otherwise pair a stack with a stranger.
 */
final class WakeupLinks {
    static final String WAKEUP_EVENT = "offcpu.Wakeup";

    private record Wakeup(long wakerTid, long wokenTid, List<BlockedInterval.NamedFrame> frames) {}

    private final Map<Long, Wakeup> byId = new HashMap<>();
    /** Ids that more than one event carries: which of them woke an episode cannot be told. */
    private final Set<Long> ambiguous = new HashSet<>();

    void add(RecordedEvent wakeup) {
        if (!wakeup.hasField("wakeupId")
                || !wakeup.hasField("woken")
                || wakeup.getThread() == null
                || wakeup.getThread("woken") == null) {
            return;
        }
        long id = wakeup.getLong("wakeupId");
        Wakeup earlier = byId.put(
                id,
                new Wakeup(
                        wakeup.getThread().getOSThreadId(),
                        wakeup.getThread("woken").getOSThreadId(),
                        RecordingReader.frames(wakeup.getStackTrace())));
        if (earlier != null) {
            ambiguous.add(id);
        }
    }

    /**
     * The waker with its stack when an {@code offcpu.Wakeup} of the same id woke this thread from that
     * waker, and the id is not used twice in the file; else as it was.
     */
    ReportWaker link(ReportWaker waker, long wokenTid) {
        Wakeup w = byId.get(waker.wakeupId());
        if (w == null
                || waker.thread() == null
                || ambiguous.contains(waker.wakeupId())
                || w.wokenTid() != wokenTid
                || w.wakerTid() != waker.thread().osThreadId()) {
            return waker;
        }
        return waker.withFrames(w.frames());
    }
}
