package io.offcpu.agent;

import io.offcpu.codemap.CodeBlob;
import io.offcpu.codemap.CodeEventPump;
import io.offcpu.codemap.CodeMap;
import io.offcpu.codemap.NamedStub;
import io.offcpu.codemap.PerfMapWriter;
import io.offcpu.jni.Counters;
import io.offcpu.jni.CurrentProcess;
import io.offcpu.jni.KernelContract;
import io.offcpu.jni.NativeLibrary;
import io.offcpu.jni.OffCpuBpf;
import io.offcpu.symbols.KernelSymbols;
import io.offcpu.symbols.NativeSymbolizer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * One recording of this JVM: loads the kernel side, keeps the code map and unwind tables, runs
 * the consumer thread and writes the output. {@link #start} either returns a running profiler or
 * throws with a message for the user, having released whatever it had taken.
 */
public final class Profiler {
    private static final int CODE_DRAIN_PERIOD_MILLIS = 200;
    private static final Duration DUMP_TIMEOUT = Duration.ofSeconds(30);

    private final AgentOptions options;
    private final OffCpuBpf bpf;
    private final CodeEventPump codeEvents;
    private final RecordingOutput output;
    private final EpisodeConsumer consumer;
    /** Symbol tables in native memory, freed at stop: a JVM may start and stop many recordings. */
    private final KernelSymbols kernel;

    private final NativeSymbolizer natives;
    private final Instant startedAt = Instant.now();
    private boolean stopped;

    private Profiler(
            AgentOptions options,
            OffCpuBpf bpf,
            CodeEventPump codeEvents,
            RecordingOutput output,
            EpisodeConsumer consumer,
            KernelSymbols kernel,
            NativeSymbolizer natives) {
        this.options = options;
        this.bpf = bpf;
        this.codeEvents = codeEvents;
        this.output = output;
        this.consumer = consumer;
        this.kernel = kernel;
        this.natives = natives;
    }

    public static Profiler start(AgentOptions options) throws IOException {
        long pid = CurrentProcess.pid();
        NativeLibrary.load();
        OffCpuBpf bpf =
                OffCpuBpf.open((int) pid, options.thresholdNanos(), options.samplingNanos(), options.ringBufferBytes());
        CodeEventPump codeEvents = null;
        RecordingOutput output = null;
        KernelSymbols kernel = null;
        NativeSymbolizer natives = null;
        try {
            kernel = KernelSymbols.load();
            if (!kernel.isAvailable()) {
                throw new IllegalStateException("cannot read kernel symbols: " + kernel.unavailableReason());
            }
            CodeMap codeMap = new CodeMap();
            PerfMapWriter perfMap = options.perfMap() ? PerfMapWriter.forCurrentProcess(options.keepPerfMap()) : null;
            codeEvents = new CodeEventPump(codeMap, perfMap, CODE_DRAIN_PERIOD_MILLIS);
            codeEvents.start();
            codeEvents.drainNow();
            tellInterpreterRange(bpf, codeMap);
            UnwindTableLoader unwindTables = new UnwindTableLoader(bpf, pid);
            unwindTables.refresh();
            if (bpf.describeCodeCache() < 0) {
                // Compiled frames are stepped over by their size, found through the code heaps; without them,
                // only frame pointers are left.
                System.err.println("offcpu: cannot read this JVM's code heaps (VMStructs); stacks through compiled"
                        + " Java code need -XX:+PreserveFramePointer");
            }
            // Tables and interpreter range are in place: from here on stacks are walked whole.
            bpf.attach();
            natives = NativeSymbolizer.forPid((int) pid);
            ThreadDirectory threads = new ThreadDirectory(pid);
            StackSymbolizer symbolizer = new StackSymbolizer(kernel, natives, codeMap, new InterpretedFrames());
            output = new RecordingOutput(options, pid);
            EpisodeConsumer consumer = new EpisodeConsumer(
                    bpf,
                    codeEvents,
                    unwindTables,
                    natives,
                    symbolizer,
                    threads,
                    new EpisodeConverter(pid, threads),
                    output,
                    options.flushNanos(),
                    options.ringBufferBytes());
            consumer.start();
            return new Profiler(options, bpf, codeEvents, output, consumer, kernel, natives);
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(output);
            closeQuietly(natives);
            closeQuietly(kernel);
            closeQuietly(codeEvents);
            bpf.close();
            throw e;
        }
    }

    /** The interpreter is generated at JVM start, before any agent: the replay has reported it. */
    private static void tellInterpreterRange(OffCpuBpf bpf, CodeMap codeMap) {
        for (CodeBlob blob : codeMap.liveBlobs()) {
            if (blob instanceof NamedStub stub && stub.name().equals("Interpreter")) {
                bpf.setInterpreter(stub.start(), stub.start() + stub.size());
                return;
            }
        }
    }

    public AgentOptions options() {
        return options;
    }

    /** Where the recording stands now. */
    public synchronized ProfilerStatus status() {
        if (stopped) {
            return ProfilerStatus.idle();
        }
        Counters c = bpf.counters();
        return new ProfilerStatus(
                true,
                startedAt,
                output.file(),
                output.eventsWritten(),
                c.get(KernelContract.COUNTER_SWITCH_OUTS),
                c.get(KernelContract.COUNTER_DROPPED),
                c.get(KernelContract.COUNTER_STACKS_FAILED));
    }

    /** Writes what was recorded so far to {@code destination}; the recording goes on. */
    public synchronized void dump(Path destination) throws IOException {
        if (stopped) {
            throw new IllegalStateException("not recording");
        }
        consumer.dump(destination, DUMP_TIMEOUT);
    }

    /**
     * Stops tracing, writes the output file and releases everything (BPF programs and maps, the
     * code-event listener, threads, files). Returns the final status, with the file written.
     */
    public synchronized ProfilerStatus stop() throws IOException {
        if (stopped) {
            return ProfilerStatus.idle();
        }
        ProfilerStatus last;
        try {
            consumer.stop();
        } finally {
            last = status();
            stopped = true;
            bpf.close();
            closeQuietly(codeEvents);
            natives.close();
            kernel.close();
            output.close();
        }
        return last.finished();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // Already failing: the first error is the one the user sees.
        }
    }
}
