package io.offcpu.agent;

import static io.offcpu.jni.KernelContract.*;

import io.offcpu.codemap.CodeEventPump;
import io.offcpu.jfr.OffCpuStatistics;
import io.offcpu.jni.Counters;
import io.offcpu.jni.EpisodeDecoder;
import io.offcpu.jni.EpisodeView;
import io.offcpu.jni.HotSpotThreads;
import io.offcpu.jni.NativeHeap;
import io.offcpu.jni.OffCpuBpf;
import io.offcpu.jni.ThreadTotalsView;
import io.offcpu.jni.WakeupView;
import io.offcpu.symbols.NativeSymbolizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The consumer thread: polls the ring buffer in batches, turns episodes into events, and at
 * intervals refreshes process maps, records the kernel counters and flushes the output.
 */
final class EpisodeConsumer {
    private static final int POLL_TIMEOUT_MILLIS = 100;
    /**
     * One poll's worth of records. Direct buffers are zeroed when allocated, so every byte here is resident in the
     * application's process from the start: 1 MiB is 2,500 records of the average size, and what does not fit
     * waits for the next poll (offcpu_jni.c keeps it).
     */
    private static final int BATCH_BYTES = 1 << 20;

    private static final long HOUSEKEEPING_INTERVAL_NANOS = 1_000_000_000L;

    private final OffCpuBpf bpf;
    private final CodeEventPump codeEvents;
    private final UnwindTableLoader unwindTables;
    private final NativeSymbolizer natives;
    private final StackSymbolizer symbolizer;
    private final ThreadDirectory threads;
    private final RecordingOutput output;
    private final long flushIntervalNanos;
    private final ByteBuffer batch = ByteBuffer.allocateDirect(BATCH_BYTES).order(ByteOrder.nativeOrder());
    private final ThreadStatisticsPublisher publisher = new ThreadStatisticsPublisher();
    private final ThreadTotalsRecorder totals;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    /** Dumps asked for by other threads, done by this one between batches (it owns the ring buffer). */
    private final BlockingQueue<DumpRequest> dumps = new LinkedBlockingQueue<>();

    private record DumpRequest(Path destination, CompletableFuture<Void> done) {}
    /** The agent's own threads (this one and the code-event drain), left out of the recording. */
    private int[] agentTids = new int[0];

    private long unconvertible;
    private final EventEncoder encoder;
    private final StackCache stacks;
    private final EpisodeView episodeView = new EpisodeView();
    private final WakeupView wakeupView = new WakeupView();
    private final Records recordVisitor = new Records();
    /** What the kernel side can have written and not yet handed over at any moment: ring buffer and overflow. */
    private final long drainLimitBytes;

    EpisodeConsumer(
            OffCpuBpf bpf,
            CodeEventPump codeEvents,
            UnwindTableLoader unwindTables,
            NativeSymbolizer natives,
            StackSymbolizer symbolizer,
            ThreadDirectory threads,
            EpisodeConverter converter,
            RecordingOutput output,
            long flushIntervalNanos,
            int ringBufferBytes) {
        this.bpf = bpf;
        this.drainLimitBytes = (long) ringBufferBytes + OffCpuBpf.overflowLimitBytes();
        this.codeEvents = codeEvents;
        this.unwindTables = unwindTables;
        this.natives = natives;
        this.symbolizer = symbolizer;
        this.threads = threads;
        this.output = output;
        this.flushIntervalNanos = flushIntervalNanos;
        // Asked on the consumer thread, once per batch: start-up does not wait for the management classes.
        this.stacks =
                new StackCache(symbolizer, natives, codeEvents.codeMap(), output.writer(), new UnloadedClassCount());
        this.encoder = new EventEncoder(converter.pid(), threads, stacks, output.writer());
        this.totals = new ThreadTotalsRecorder(bpf, converter, output, publisher, tid -> !isAgentThread(tid));
        this.thread = new Thread(this::run, "offcpu-consumer");
        this.thread.setDaemon(true);
    }

    void start() {
        publisher.register();
        thread.start();
    }

    /** Writes everything recorded until now, including what waits in the ring buffer, to a file. */
    void dump(Path destination, Duration timeout) throws IOException {
        DumpRequest request = new DumpRequest(destination, new CompletableFuture<>());
        dumps.add(request);
        try {
            request.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while dumping to " + destination, e);
        } catch (TimeoutException e) {
            dumps.remove(request);
            throw new IOException(
                    "the recording did not answer within " + timeout.toSeconds() + " s"
                            + (failure != null ? ": " + failure : ""),
                    e);
        }
    }

    private void serveDumps() throws IOException {
        for (DumpRequest request; (request = dumps.poll()) != null; ) {
            try {
                drainWrittenSoFar();
                recordStatistics();
                output.dumpTo(request.destination());
                request.done().complete(null);
            } catch (IOException | RuntimeException e) {
                request.done().completeExceptionally(e);
            }
        }
    }

    /** Stops after taking every record still in the ring buffer, and writes the last statistics. */
    void stop() throws IOException {
        running = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            publisher.unregister();
        }
        if (failure != null) {
            throw new IOException("offcpu consumer failed: " + failure, failure);
        }
    }

    private void run() {
        int[] tids = HotSpotThreads.kernelThreadIds(new Thread[] {Thread.currentThread(), codeEvents.thread()});
        if (tids != null) {
            agentTids = tids.clone();
        }
        long nextHousekeeping = System.nanoTime() + HOUSEKEEPING_INTERVAL_NANOS;
        long nextFlush = System.nanoTime() + flushIntervalNanos;
        SettlingHeapTrimmer trimmer = new SettlingHeapTrimmer(System.nanoTime(), NativeHeap::trim);
        try {
            while (running) {
                consumeBatch(POLL_TIMEOUT_MILLIS);
                serveDumps();
                long now = System.nanoTime();
                if (now >= nextHousekeeping) {
                    housekeeping();
                    trimmer.maybeTrim(now);
                    nextHousekeeping = now + HOUSEKEEPING_INTERVAL_NANOS;
                }
                if (now >= nextFlush) {
                    output.flush();
                    nextFlush = now + flushIntervalNanos;
                }
            }
            // What the kernel side wrote until now, then the final counters.
            drainWrittenSoFar();
            totals.recordAll();
            recordStatistics();
        } catch (Throwable t) {
            failure = t;
            System.err.println("offcpu: recording stopped: " + t);
        }
    }

    /**
     * Takes the records the kernel side had written when called. Not "until empty": the application's threads
     * go on while a dump is served and while the JVM's shutdown hooks run, and at threshold=0 they can write
     * records as fast as this thread takes them, so such a drain may never end (a JVM stopped with SIGTERM
     * then never exited). Everything written before the call is within a ring buffer and an overflow's worth.
     */
    private void drainWrittenSoFar() throws IOException {
        long taken = 0;
        for (int bytes; taken < drainLimitBytes && (bytes = consumeBatch(0)) > 0; ) {
            taken += bytes;
        }
    }

    /** Takes one batch of records, waiting up to the timeout for the first; returns its size in bytes. */
    private int consumeBatch(int timeoutMillis) throws IOException {
        int bytes = bpf.poll(batch, timeoutMillis);
        if (bytes == 0) {
            return 0;
        }
        // Code compiled just before these episodes must be in the code map to name their frames.
        codeEvents.drainNow();
        encoder.beginBatch();
        EpisodeDecoder.visit(batch, bytes, recordVisitor, episodeView, wakeupView);
        return bytes;
    }

    /** Where each record of a batch goes; one instance, so a batch allocates nothing. */
    private final class Records implements EpisodeDecoder.RecordVisitor {
        @Override
        public void episode(EpisodeView episode) {
            if (!isAgentThread(episode.tid())) {
                write(episode);
            }
        }

        @Override
        public void threadTotals(ThreadTotalsView exited) {
            try {
                totals.recordExit(exited);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void wakeup(WakeupView wakeup) {
            if (!isAgentThread(wakeup.wokenTid())) {
                try {
                    encoder.write(wakeup);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private boolean isAgentThread(int tid) {
        for (int agentTid : agentTids) {
            if (agentTid == tid) {
                return true;
            }
        }
        return false;
    }

    private void write(EpisodeView episode) {
        try {
            encoder.write(episode);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            // One unreadable episode must not end the recording: count it, say so once.
            if (unconvertible++ == 0) {
                System.err.println("offcpu: skipping an episode that cannot be converted: " + e);
            }
        }
    }

    private void housekeeping() throws IOException {
        if (unwindTables.refresh()) {
            natives.refresh();
            symbolizer.mappingsChanged();
            encoder.mappingsChanged();
        }
        threads.refreshJavaThreads();
        totals.recordAll();
        recordStatistics();
    }

    private void recordStatistics() throws IOException {
        Counters c = bpf.counters();
        output.write(new OffCpuStatistics(
                System.nanoTime(),
                c.get(COUNTER_SWITCH_OUTS),
                c.get(COUNTER_EMITTED),
                c.get(COUNTER_DROPPED),
                c.get(COUNTER_STACKS_FAILED),
                c.get(COUNTER_STACKS_TRUNCATED),
                c.get(COUNTER_UNSEEN_START),
                c.get(COUNTER_WAKEUPS),
                c.get(COUNTER_WAKEUPS_DROPPED),
                c.get(COUNTER_EXIT_TOTALS_DROPPED),
                c.get(COUNTER_SAMPLED_OUT),
                c.get(COUNTER_STATE_FULL),
                unconvertible,
                c.get(COUNTER_SWITCH_INS_MISSED),
                stacks.misses(),
                stacks.hits() + stacks.revalidated()));
    }
}
