package io.offcpu.report;

import io.offcpu.agent.Durations;
import io.offcpu.jfr.RecordingFiles;
import io.offcpu.jfr.SchemaVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import jdk.jfr.AnnotationElement;
import jdk.jfr.EventType;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/** Reads a recording with the JDK's own parser into what {@link ReportRecording} holds. */
final class RecordingReader {
    static final String OFF_CPU_EVENT = "offcpu.OffCpu";
    static final String STATISTICS_EVENT = "offcpu.Statistics";
    static final String EXECUTION_SAMPLE_EVENT = "jdk.ExecutionSample";
    static final String ACTIVE_SETTING_EVENT = "jdk.ActiveSetting";

    /** What our writer puts in native and kernel frames, which have no JVM descriptor (see io.offcpu.jfr.Frame). */
    private static final String SYMBOL_DESCRIPTOR = "()L;";

    private static final byte[] JFR_MAGIC = {'F', 'L', 'R', 0};
    /** JFR's setting values, e.g. "10 ms", "20 ms", "1 s". */
    private RecordingReader() {}

    /**
     * @param withOnCpuStacks keep the {@code jdk.ExecutionSample} events (for {@code --wall}); they are only
     *                        counted otherwise
     */
    static ReportRecording read(Path file, boolean withOnCpuStacks) throws ReportFailure {
        long[] bounds = chunkBounds(file);
        List<BlockedInterval> offCpu = new ArrayList<>();
        List<ReportCpuSample> onCpu = new ArrayList<>();
        Map<Long, ReportThread> bestNames = new HashMap<>();
        long onCpuCount = 0;
        Map<Long, Boolean> checkedTypes = new HashMap<>();
        WakeupLinks wakeups = new WakeupLinks();
        SamplingSettings sampling = new SamplingSettings();
        ReportStatistics statistics = null;
        Instant statisticsTime = null;
        try (RecordingFile recording = new RecordingFile(file)) {
            Map<Long, String> typeNames = new HashMap<>();
            for (EventType type : recording.readEventTypes()) {
                typeNames.put(type.getId(), type.getName());
            }
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                String name = e.getEventType().getName();
                switch (name) {
                    case OFF_CPU_EVENT -> {
                        if (checkedTypes.put(e.getEventType().getId(), true) == null) {
                            requireSchemaVersion(file, e.getEventType());
                        }
                        BlockedInterval interval = interval(e);
                        offCpu.add(interval);
                        remember(bestNames, interval.thread());
                    }
                    case EXECUTION_SAMPLE_EVENT -> {
                        onCpuCount++;
                        ReportThread thread = thread(e.hasField("sampledThread") ? e.getThread("sampledThread") : null);
                        remember(bestNames, thread);
                        if (withOnCpuStacks) {
                            onCpu.add(new ReportCpuSample(
                                    epochNanos(e.getStartTime()), thread, frames(e.getStackTrace())));
                        }
                    }
                    case WakeupLinks.WAKEUP_EVENT -> {
                        wakeups.add(e);
                        remember(bestNames, thread(e.getThread()));
                    }
                    case STATISTICS_EVENT -> {
                        if (statisticsTime == null || !e.getStartTime().isBefore(statisticsTime)) {
                            statisticsTime = e.getStartTime();
                            statistics = new ReportStatistics(
                                    e.getLong("switchesSeen"),
                                    e.getLong("episodesEmitted"),
                                    e.getLong("recordsDropped"),
                                    e.getLong("stacksFailed"));
                        }
                    }
                    case ACTIVE_SETTING_EVENT -> sampling.add(e, typeNames);
                    default -> {
                        if (e.hasField("eventThread")) {
                            remember(bestNames, thread(e.getThread()));
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new ReportFailure(file + " could not be read as a JFR recording: " + e.getMessage(), e);
        }
        return new ReportRecording(
                file,
                bounds[0],
                bounds[1],
                renamed(offCpu, bestNames, wakeups),
                renamedSamples(onCpu, bestNames),
                onCpuCount,
                sampling.periodNanos(),
                Optional.ofNullable(statistics));
    }

    /**
     * Refuses events of a schema this report does not read: which fields there are and what their values
     * mean changed over offcpu's versions, and guessing what an older file meant gave wrong answers.
     */
    private static void requireSchemaVersion(Path file, EventType type) throws ReportFailure {
        AnnotationElement version = type.getAnnotationElements().stream()
                .filter(a -> a.getTypeName().equals(SchemaVersion.ANNOTATION))
                .findFirst()
                .orElse(null);
        if (version == null) {
            throw new ReportFailure(file + " was written by an offcpu without a schema version (" + OFF_CPU_EVENT
                    + " carries no " + SchemaVersion.ANNOTATION + "); this report reads schema version "
                    + SchemaVersion.CURRENT + " only: record it again with this offcpu.jar");
        }
        Object value = version.getValue("value");
        if (!(value instanceof Integer v) || v != SchemaVersion.CURRENT) {
            throw new ReportFailure(file + " holds " + OFF_CPU_EVENT + " events of schema version " + value
                    + "; this report reads schema version " + SchemaVersion.CURRENT + " only: report it with the "
                    + "offcpu.jar that recorded it, or record it again with this one");
        }
    }

    /** Start and end of the file's chunks (ns since the epoch), after checking it is a JFR file at all. */
    private static long[] chunkBounds(Path file) throws ReportFailure {
        if (!Files.exists(file)) {
            throw new ReportFailure("no such file: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new ReportFailure(file + " is not a regular file: give a .jfr recording");
        }
        byte[] magic = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(magic, 0, 4);
        } catch (IOException e) {
            throw new ReportFailure("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (n == 0) {
            throw new ReportFailure(file + " is empty: expected a JFR recording");
        }
        if (n < 4 || !java.util.Arrays.equals(magic, JFR_MAGIC)) {
            throw new ReportFailure(
                    file + " is not a JFR recording: it does not start with the JFR magic bytes \"FLR\\0\"");
        }
        List<RecordingFiles.Chunk> chunks;
        try {
            chunks = RecordingFiles.completeChunks(file);
        } catch (IOException e) {
            throw new ReportFailure("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (chunks.isEmpty()) {
            throw new ReportFailure(file + " holds no complete JFR chunk: it was cut short or is still being written");
        }
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (RecordingFiles.Chunk c : chunks) {
            start = Math.min(start, c.header().startNanos());
            end = Math.max(end, c.header().startNanos() + c.header().durationNanos());
        }
        return new long[] {start, end};
    }

    private static BlockedInterval interval(RecordedEvent e) {
        List<BlockedInterval.NamedFrame> frames = frames(e.getStackTrace());
        String state = nonNull(e.getString("state"));
        String syscall = nonNull(e.getString("syscall"));
        String reason = nonNull(e.getString("reason"));
        String detail = nonNull(e.getString("reasonDetail"));
        long duration = e.getDuration().toNanos();
        long weight = e.getDuration("weight").toNanos();
        return new BlockedInterval(
                epochNanos(e.getStartTime()),
                thread(e.getThread()),
                state,
                syscall,
                reason,
                detail,
                duration,
                weight,
                frames,
                waker(e));
    }

    /** The waker as the event names it; its stack is linked once every offcpu.Wakeup has been read. */
    private static ReportWaker waker(RecordedEvent e) {
        RecordedThread waker = e.getThread("waker");
        long wakeupId = e.getLong("wakeupId");
        String wokenBy = nonNull(e.getString("wokenBy"));
        return waker == null && wakeupId == 0 && wokenBy.isEmpty()
                ? ReportWaker.NONE
                : new ReportWaker(waker == null ? null : thread(waker), wakeupId, List.of(), wokenBy);
    }

    private static ReportThread thread(RecordedThread t) {
        return t == null
                ? new ReportThread(0, null, "unknown thread")
                : new ReportThread(t.getOSThreadId(), t.getJavaName(), t.getOSName());
    }

    private static void remember(Map<Long, ReportThread> bestNames, ReportThread thread) {
        if (thread.osThreadId() != 0) {
            bestNames.merge(thread.osThreadId(), thread, ReportThread::betterNamed);
        }
    }

    /**
     * Every event of a tid under its best name (the JVM's events carry names our kernel view truncates),
     * wakers included, with the waker's stack linked.
     */
    private static List<BlockedInterval> renamed(
            List<BlockedInterval> intervals, Map<Long, ReportThread> bestNames, WakeupLinks wakeups) {
        List<BlockedInterval> out = new ArrayList<>(intervals.size());
        for (BlockedInterval i : intervals) {
            ReportThread t = bestNames.getOrDefault(i.thread().osThreadId(), i.thread());
            ReportWaker waker = wakeups.link(i.waker(), i.thread().osThreadId());
            if (waker.thread() != null) {
                waker = waker.withThread(bestNames.getOrDefault(waker.thread().osThreadId(), waker.thread()));
            }
            out.add(i.withThreads(t, waker));
        }
        return out;
    }

    private static List<ReportCpuSample> renamedSamples(
            List<ReportCpuSample> samples, Map<Long, ReportThread> bestNames) {
        List<ReportCpuSample> out = new ArrayList<>(samples.size());
        for (ReportCpuSample s : samples) {
            out.add(new ReportCpuSample(
                    s.startEpochNanos(), bestNames.getOrDefault(s.thread().osThreadId(), s.thread()), s.frames()));
        }
        return out;
    }

    /** Outermost first. */
    static List<BlockedInterval.NamedFrame> frames(RecordedStackTrace stack) {
        if (stack == null) {
            return List.of();
        }
        List<RecordedFrame> leafFirst = stack.getFrames();
        List<BlockedInterval.NamedFrame> rootFirst = new ArrayList<>(leafFirst.size());
        for (int i = leafFirst.size() - 1; i >= 0; i--) {
            rootFirst.add(frame(leafFirst.get(i)));
        }
        return rootFirst;
    }

    private static BlockedInterval.NamedFrame frame(RecordedFrame f) {
        String type = f.getType() == null || f.getType().isEmpty() ? "Native" : f.getType();
        RecordedMethod method = f.getMethod();
        if (method == null) {
            return new BlockedInterval.NamedFrame("[unknown]", type, false);
        }
        String className =
                method.getType() == null ? "" : nonNull(method.getType().getName());
        String name = className.isEmpty() ? method.getName() : className + "." + method.getName();
        boolean javaType = type.equals("Interpreted") || type.equals("JIT compiled") || type.equals("Inlined");
        // A Java native method (Unsafe.park, Thread.sleep on JDK 17) is "Native" with a real descriptor.
        boolean javaNative = type.equals("Native")
                && !className.isEmpty()
                && method.getDescriptor() != null
                && !method.getDescriptor().equals(SYMBOL_DESCRIPTOR);
        return new BlockedInterval.NamedFrame(name, type, javaType || javaNative, f.getLineNumber());
    }

    /**
     * The {@code jdk.ExecutionSample} period from {@code jdk.ActiveSetting} events. A recording that starts
     * (and each new chunk) writes its settings one after another, a few microseconds apart; a JVM can run
     * several recordings (the agent's tick calibration runs one with nothing enabled), so a period counts
     * only when the nearest {@code enabled} setting of the same event type, within a millisecond, says
     * {@code true}. Of those the shortest, which is the rate JFR samples at.
     */
    private static final class SamplingSettings {
        private static final long SAME_RECORDING_NANOS = 1_000_000L;
        private final List<long[]> periods = new ArrayList<>(); // {epochNanos, periodNanos}
        private final List<long[]> enabled = new ArrayList<>(); // {epochNanos, 1 or 0}

        void add(RecordedEvent setting, Map<Long, String> typeNames) {
            if (!setting.hasField("id")
                    || !setting.hasField("name")
                    || !setting.hasField("value")
                    || !EXECUTION_SAMPLE_EVENT.equals(typeNames.get(setting.getLong("id")))) {
                return;
            }
            String value = nonNull(setting.getString("value")).trim();
            long at = epochNanos(setting.getStartTime());
            switch (nonNull(setting.getString("name"))) {
                case "enabled" -> enabled.add(new long[] {at, value.equals("true") ? 1 : 0});
                case "period" -> {
                    long nanos = parsePeriod(value);
                    if (nanos > 0) {
                        periods.add(new long[] {at, nanos});
                    }
                }
                default -> {}
            }
        }

        OptionalLong periodNanos() {
            return periods.stream()
                    .filter(p -> enabledNear(p[0]))
                    .mapToLong(p -> p[1])
                    .min();
        }

        private boolean enabledNear(long at) {
            if (enabled.isEmpty()) {
                return true;
            }
            long[] nearest = null;
            for (long[] e : enabled) {
                if (nearest == null || Math.abs(e[0] - at) < Math.abs(nearest[0] - at)) {
                    nearest = e;
                }
            }
            return Math.abs(nearest[0] - at) <= SAME_RECORDING_NANOS && nearest[1] == 1;
        }

        /** JFR's period settings ("10 ms", "1 s") read as any duration; 0 for "everyChunk" and other non-durations. */
        private static long parsePeriod(String value) {
            return Durations.isDuration(value) ? Durations.parseNanos(null, value) : 0;
        }
    }

    static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
