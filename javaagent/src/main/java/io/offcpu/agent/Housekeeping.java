package io.offcpu.agent;

import io.offcpu.jni.NativeHeap;
import io.offcpu.symbols.NativeSymbolizer;
import java.io.IOException;

/**
 * What the consumer thread does once a second between batches: follows the process's code mappings (unwind
 * tables, native symbols and what was symbolized from them) and its Java threads, records the per-thread totals
 * and the statistics, and trims the C heap while the agent settles.
 */
final class Housekeeping {
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final UnwindTableLoader unwindTables;
    private final NativeSymbolizer natives;
    private final StackSymbolizer symbolizer;
    private final EventEncoder encoder;
    private final ThreadDirectory threads;
    private final ThreadTotalsRecorder totals;
    private final StatisticsWriter statistics;
    private SettlingHeapTrimmer trimmer;
    private long next;

    Housekeeping(
            UnwindTableLoader unwindTables,
            NativeSymbolizer natives,
            StackSymbolizer symbolizer,
            EventEncoder encoder,
            ThreadDirectory threads,
            ThreadTotalsRecorder totals,
            StatisticsWriter statistics) {
        this.unwindTables = unwindTables;
        this.natives = natives;
        this.symbolizer = symbolizer;
        this.encoder = encoder;
        this.threads = threads;
        this.totals = totals;
        this.statistics = statistics;
    }

    /** When the consumer thread starts: the first round is a second later, the heap trims count from now. */
    void start(long nowNanos) {
        next = nowNanos + INTERVAL_NANOS;
        trimmer = new SettlingHeapTrimmer(nowNanos, NativeHeap::trim);
    }

    /** Does a round when a second has passed since the last. */
    void runIfDue(long nowNanos) throws IOException {
        if (nowNanos < next) {
            return;
        }
        if (unwindTables.refresh()) {
            natives.refresh();
            symbolizer.mappingsChanged();
            encoder.mappingsChanged();
        }
        threads.refreshJavaThreads();
        totals.recordAll();
        statistics.write();
        trimmer.maybeTrim(nowNanos);
        next = nowNanos + INTERVAL_NANOS;
    }
}
