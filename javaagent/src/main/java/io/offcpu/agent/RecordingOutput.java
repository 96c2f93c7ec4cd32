package io.offcpu.agent;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.offcpu.jfr.ExecutionSample;
import io.offcpu.jfr.JvmEventTypes;
import io.offcpu.jfr.OffCpuChunkWriter;
import io.offcpu.jfr.OffCpuEvent;
import io.offcpu.jfr.OffCpuStatistics;
import io.offcpu.jfr.RecordingFiles;
import io.offcpu.jfr.ThreadStatistics;
import io.offcpu.jfr.TickClock;
import io.offcpu.jfr.WakeupEvent;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Configuration;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * The output file: the JVM's own JFR recording (when {@code jfr=} asks for one) followed by our chunks,
 * which also carry async-profiler's on-CPU samples when {@code cpu=} asks for them.
 * Our chunks go to a spool file as they complete; {@link #flush} rewrites the output from a dump
 * of the JVM's recording plus the spool (temporary file, then rename), so a JVM killed mid-run
 * leaves a readable file of all but the last flush interval.
 */
final class RecordingOutput implements AutoCloseable {
    private static final Duration JFR_STOP_WAIT = Duration.ofSeconds(10);
    private static final long POLL_NANOS = Duration.ofMillis(1).toNanos();

    private final Path file;
    private final Path spool;
    private final Path jvmDump;
    private final Path jvmFinal;
    private final Recording recording;
    private final TickClock clock;
    private final OffCpuChunkWriter writer;
    private final CpuSampler cpuSampler;

    RecordingOutput(AgentOptions options, long pid) throws IOException {
        this.file = options.file().toAbsolutePath();
        Path dir = file.getParent();
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new IOException("cannot write " + file + ": " + dir + " is not a writable directory");
        }
        this.spool = dir.resolve("." + file.getFileName() + "." + pid + ".offcpu-spool");
        this.jvmDump = dir.resolve("." + file.getFileName() + "." + pid + ".jvm-dump");
        this.jvmFinal = dir.resolve("." + file.getFileName() + "." + pid + ".jvm-final");
        this.recording = startJvmRecording(options.jfrSettings(), options.cpuIntervalNanos() > 0);
        this.clock = TickClock.calibrate();
        this.writer = new OffCpuChunkWriter(spool, clock);
        try {
            this.cpuSampler = options.cpuIntervalNanos() > 0 ? CpuSampler.start(options.cpuIntervalNanos()) : null;
        } catch (IOException | RuntimeException e) {
            writer.close();
            Files.deleteIfExists(spool);
            if (recording != null) {
                recording.close();
            }
            throw e;
        }
    }

    private Recording startJvmRecording(String settings, boolean cpuSampledByAsyncProfiler) throws IOException {
        if (AgentOptions.JFR_AUTO.equals(settings)) {
            // Another recording is cheap once JFR runs; initializing JFR is what costs (see JFR_AUTO).
            settings = jfrInUse() ? "default" : null;
        }
        if (settings == null) {
            return null;
        }
        Configuration configuration;
        try {
            configuration = settings.endsWith(".jfc")
                    ? Configuration.create(Path.of(settings))
                    : Configuration.getConfiguration(settings);
        } catch (ParseException e) {
            throw new IOException("cannot read JFR settings " + settings + ": " + e.getMessage(), e);
        }
        // Before the recording starts, so its first chunk's metadata declares our types too (jfr view).
        JvmEventTypes.register();
        Recording r = new Recording(configuration);
        if (cpuSampledByAsyncProfiler) {
            // One source of on-CPU samples, one sampling period: async-profiler's (it sees native code too).
            r.disable("jdk.ExecutionSample");
            r.disable("jdk.NativeMethodSample");
        }
        r.setName("offcpu");
        // Our chunks carry the same totals as offcpu.ThreadStatistics, with the right eventThread.
        r.disable(ThreadStatisticsEvent.NAME);
        r.setToDisk(true);
        // JFR's own shutdown hook may stop recordings before ours runs: with a destination and
        // dump-on-exit set, it then writes the JVM's part where close() looks for it.
        r.setDestination(jvmFinal);
        r.setDumpOnExit(true);
        r.start();
        return r;
    }

    /**
     * Whether the user runs JFR in this JVM: it is up, or the command line starts a recording (which happens
     * after premain, so at start-up the flag is what tells).
     */
    private static boolean jfrInUse() {
        if (FlightRecorder.isInitialized()) {
            return true;
        }
        try {
            return !ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("StartFlightRecording")
                    .getValue()
                    .isEmpty();
        } catch (RuntimeException e) {
            return false; // not HotSpot's flag set: then only a running recorder tells
        }
    }

    Path file() {
        return file;
    }

    /** Our chunk writer, for the consumer's events written from pool keys. */
    OffCpuChunkWriter writer() {
        return writer;
    }

    void write(OffCpuEvent event) throws IOException {
        writer.write(event);
    }

    void write(OffCpuStatistics statistics) throws IOException {
        writer.write(statistics);
    }

    void write(ThreadStatistics statistics) throws IOException {
        writer.write(statistics);
    }

    void write(WakeupEvent wakeup) throws IOException {
        writer.write(wakeup);
    }

    /** Ends the current chunk and rewrites the output file with everything so far. */
    void flush() throws IOException {
        dumpTo(file);
    }

    /** Writes everything recorded so far to {@code destination} (atomically); recording goes on. */
    synchronized void dumpTo(Path destination) throws IOException {
        if (cpuSampler != null) {
            writeCpuSamples(cpuSampler.drain(epochMinusMonotonicNanos()));
        }
        writer.flushChunk();
        Path jvmPart = null;
        if (recording != null && recording.getState() == RecordingState.RUNNING) {
            recording.dump(jvmDump);
            jvmPart = jvmDump;
        }
        RecordingFiles.mergeAtomically(jvmPart, spool, destination.toAbsolutePath());
        Files.deleteIfExists(jvmDump);
    }

    private void writeCpuSamples(List<ExecutionSample> samples) throws IOException {
        for (ExecutionSample sample : samples) {
            writer.write(sample);
        }
    }

    private long epochMinusMonotonicNanos() {
        return clock.epochNanosAt(0);
    }

    long eventsWritten() {
        return writer.eventsWritten();
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            if (cpuSampler != null) {
                writeCpuSamples(cpuSampler.stop(epochMinusMonotonicNanos()));
            }
            writer.close();
            Path jvmPart = recording == null ? null : stopJvmRecording();
            RecordingFiles.mergeAtomically(jvmPart, spool, file);
        } finally {
            Files.deleteIfExists(spool);
            Files.deleteIfExists(jvmDump);
            Files.deleteIfExists(jvmFinal);
        }
    }

    /**
     * Stops the JVM's recording and returns the file its part went to, or null. With a destination set, JFR's
     * stop marks the recording STOPPED, then writes the destination from the repository chunks, then closes
     * it; whoever stops it (we, or JFR's shutdown hook when the user runs JFR too) does all three. So we wait
     * for CLOSED, not merely for the end of RUNNING: closing it ourselves while the hook is still writing
     * removes the chunks under its dump (JFR then logs "Unable to complete I/O operation when dumping").
     */
    private Path stopJvmRecording() {
        try {
            recording.stop();
        } catch (IllegalStateException alreadyStopped) {
            // JFR's shutdown hook got there first and is writing jvmFinal.
        }
        long deadline = System.nanoTime() + JFR_STOP_WAIT.toNanos();
        while (recording.getState() != RecordingState.CLOSED && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL_NANOS);
        }
        Path written = Files.isRegularFile(jvmFinal) ? jvmFinal : null;
        recording.close(); // a no-op once closed; after a failed dump, releases its repository chunks
        return written;
    }
}
