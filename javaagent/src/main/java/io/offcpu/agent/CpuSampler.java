package io.offcpu.agent;

import io.offcpu.jfr.ExecutionSample;
import io.offcpu.jfr.Frame;
import io.offcpu.jfr.FrameType;
import io.offcpu.jfr.ThreadRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import one.profiler.AsyncProfiler;

/**
 * On-CPU samples from async-profiler (option {@code cpu=INTERVAL}), running in this JVM as a
 * library. Its own JFR file counts ticks from boot, not from the JVM's tick base, so its samples
 * are read back here and re-written in our chunks rather than appended as its chunk.
 */
final class CpuSampler {
    private static final String LIBRARY_RESOURCE = "/linux-x64/libasyncProfiler.so";

    private final AsyncProfiler profiler;
    private final String startCommand;
    private final Path output;
    private final Path directory;

    private CpuSampler(AsyncProfiler profiler, String startCommand, Path output, Path directory) {
        this.profiler = profiler;
        this.startCommand = startCommand;
        this.output = output;
        this.directory = directory;
    }

    static CpuSampler start(long intervalNanos) throws IOException {
        Path directory = Files.createTempDirectory(
                "offcpu-cpu-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path library = directory.resolve("libasyncProfiler.so");
        try (InputStream in = CpuSampler.class.getResourceAsStream(LIBRARY_RESOURCE)) {
            if (in == null) {
                throw new IOException("offcpu.jar lacks async-profiler's " + LIBRARY_RESOURCE);
            }
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
        }
        AsyncProfiler profiler = AsyncProfiler.getInstance(library.toString());
        Path output = directory.resolve("cpu.jfr");
        CpuSampler sampler = new CpuSampler(
                profiler, "start,event=cpu,interval=" + intervalNanos + ",file=" + output, output, directory);
        sampler.execute(sampler.startCommand);
        return sampler;
    }

    /** The samples taken since the last call; sampling goes on (async-profiler writes at stop). */
    List<ExecutionSample> drain(long epochMinusMonotonicNanos) throws IOException {
        execute("stop");
        try {
            return read(output, epochMinusMonotonicNanos);
        } finally {
            Files.deleteIfExists(output);
            execute(startCommand);
        }
    }

    /** Stops sampling and returns the last samples; releases the temporary files. */
    List<ExecutionSample> stop(long epochMinusMonotonicNanos) throws IOException {
        try {
            execute("stop");
            return read(output, epochMinusMonotonicNanos);
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(directory.resolve("libasyncProfiler.so"));
            Files.deleteIfExists(directory);
        }
    }

    private void execute(String command) throws IOException {
        try {
            profiler.execute(command);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new IOException(
                    "async-profiler cannot " + command.split(",")[0] + " CPU sampling: " + e.getMessage(), e);
        }
    }

    private static List<ExecutionSample> read(Path file, long epochMinusMonotonicNanos) throws IOException {
        List<ExecutionSample> samples = new ArrayList<>();
        if (!Files.exists(file)) {
            return samples;
        }
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedThread t = e.getThread("sampledThread");
                if (t == null || t.getOSThreadId() <= 0) {
                    continue;
                }
                long epochNanos = e.getStartTime().getEpochSecond() * 1_000_000_000L
                        + e.getStartTime().getNano();
                ThreadRef thread = new ThreadRef(
                        t.getOSThreadId(),
                        t.getOSName() == null ? "" : t.getOSName(),
                        Math.max(0, t.getJavaThreadId()),
                        t.getJavaName());
                samples.add(new ExecutionSample(
                        epochNanos - epochMinusMonotonicNanos,
                        thread,
                        frames(e),
                        e.getStackTrace() != null && e.getStackTrace().isTruncated(),
                        state(e)));
            }
        }
        return samples;
    }

    private static String state(RecordedEvent e) {
        Object state = e.hasField("state") ? e.getValue("state") : null;
        if (state instanceof RecordedObject o && o.hasField("name")) {
            return o.getString("name");
        }
        return state == null ? "STATE_RUNNABLE" : state.toString();
    }

    private static List<Frame> frames(RecordedEvent e) {
        List<Frame> frames = new ArrayList<>();
        if (e.getStackTrace() == null) {
            return frames;
        }
        for (RecordedFrame f : e.getStackTrace().getFrames()) {
            String className = f.getMethod().getType().getName().replace('.', '/');
            frames.add(new Frame(
                    className,
                    f.getMethod().getName(),
                    f.getMethod().getDescriptor(),
                    type(f.getType()),
                    Math.max(-1, f.getLineNumber()),
                    Math.max(-1, f.getBytecodeIndex())));
        }
        return frames;
    }

    /** async-profiler also writes "C1 compiled", which JFR readers know as JIT compiled. */
    private static FrameType type(String jfrType) {
        for (FrameType t : FrameType.values()) {
            if (t.jfrName().equals(jfrType)) {
                return t;
            }
        }
        return jfrType != null && jfrType.contains("compiled") ? FrameType.JIT_COMPILED : FrameType.NATIVE;
    }
}
