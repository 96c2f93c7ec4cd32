package io.offcpu.agent;

import io.offcpu.codemap.CodeEventPump;
import io.offcpu.jni.EpisodeDecoder;
import io.offcpu.jni.EpisodeView;
import io.offcpu.jni.OffCpuBpf;
import io.offcpu.jni.WakeupView;
import io.offcpu.symbols.NativeSymbolizer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The consumer thread: polls the ring buffer in batches and hands each record on ({@link RecordRouter}), and
 * between batches serves dumps ({@link DumpRequests}), does its once-a-second work ({@link Housekeeping}) and
 * flushes the output.
 */
final class EpisodeConsumer {
    private static final int POLL_TIMEOUT_MILLIS = 100;
    /**
     * One poll's worth of records. Direct buffers are zeroed when allocated, so every byte here is resident in the
     * application's process from the start: 1 MiB is 2,500 records of the average size, and what does not fit
     * waits for the next poll (offcpu_jni.c keeps it).
     */
    private static final int BATCH_BYTES = 1 << 20;

    private final OffCpuBpf bpf;
    private final CodeEventPump codeEvents;
    private final RecordingOutput output;
    private final long flushIntervalNanos;
    private final ByteBuffer batch = ByteBuffer.allocateDirect(BATCH_BYTES).order(ByteOrder.nativeOrder());
    private final ThreadStatisticsPublisher publisher = new ThreadStatisticsPublisher();
    private final ThreadTotalsRecorder totals;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private final DumpRequests dumps;
    private final AgentThreads agentThreads;
    private final EventEncoder encoder;
    private final EpisodeView episodeView = new EpisodeView();
    private final WakeupView wakeupView = new WakeupView();
    private final RecordRouter records;
    private final StatisticsWriter statistics;
    private final Housekeeping housekeeping;
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
        this.output = output;
        this.flushIntervalNanos = flushIntervalNanos;
        // Asked on the consumer thread, once per batch: start-up does not wait for the management classes.
        StackCache stacks =
                new StackCache(symbolizer, natives, codeEvents.codeMap(), output.writer(), ClassCounts::unloaded);
        this.encoder = new EventEncoder(converter.pid(), threads, stacks, output.writer());
        AgentThreads agent = new AgentThreads();
        this.agentThreads = agent;
        this.totals = new ThreadTotalsRecorder(bpf, converter, output, publisher, tid -> !agent.contains(tid));
        this.records = new RecordRouter(agent, encoder, totals);
        this.statistics = new StatisticsWriter(bpf, records, stacks, output);
        this.housekeeping = new Housekeeping(unwindTables, natives, symbolizer, encoder, threads, totals, statistics);
        this.dumps = new DumpRequests(this::dumpNow, () -> failure);
        this.thread = new Thread(this::run, "offcpu-consumer");
        this.thread.setDaemon(true);
    }

    void start() {
        publisher.register();
        thread.start();
    }

    /** Writes everything recorded until now, including what waits in the ring buffer, to a file. */
    void dump(Path destination, Duration timeout) throws IOException {
        dumps.await(destination, timeout);
    }

    /** One dump, on this thread: what the kernel side wrote until now, the counters, then the file. */
    private void dumpNow(Path destination) throws IOException {
        drainWrittenSoFar();
        statistics.write();
        output.dumpTo(destination);
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
        agentThreads.identify(Thread.currentThread(), codeEvents.thread());
        housekeeping.start(System.nanoTime());
        long nextFlush = System.nanoTime() + flushIntervalNanos;
        try {
            while (running) {
                consumeBatch(POLL_TIMEOUT_MILLIS);
                dumps.serve();
                long now = System.nanoTime();
                housekeeping.runIfDue(now);
                if (now >= nextFlush) {
                    output.flush();
                    nextFlush = now + flushIntervalNanos;
                }
            }
            // What the kernel side wrote until now, then the final counters.
            drainWrittenSoFar();
            totals.recordAll();
            statistics.write();
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
        EpisodeDecoder.visit(batch, bytes, records, episodeView, wakeupView);
        return bytes;
    }
}
