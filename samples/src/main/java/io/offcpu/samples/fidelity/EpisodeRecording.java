package io.offcpu.samples.fidelity;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads the profiler's {@code offcpu.OffCpu} events and the sample's {@code FidelityClock} events from a
 * recording with the JDK's own parser, and places the episodes on the {@code System.nanoTime()} clock.
 */
public final class EpisodeRecording {
    public static final String OFF_CPU_EVENT = "offcpu.OffCpu";
    public static final String CLOCK_EVENT = "io.offcpu.samples.FidelityClock";

    private final List<RecordedEpisode> episodes;
    private final ClockAlignment clock;

    EpisodeRecording(List<RecordedEpisode> episodes, ClockAlignment clock) {
        this.episodes = episodes;
        this.clock = clock;
    }

    public static EpisodeRecording read(Path recording) throws IOException {
        List<RecordedEvent> offCpu = new ArrayList<>();
        List<Instant> clockStarts = new ArrayList<>();
        List<Long> clockNanoTimes = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            String name = event.getEventType().getName();
            if (name.equals(OFF_CPU_EVENT)) {
                offCpu.add(event);
            } else if (name.equals(CLOCK_EVENT)) {
                clockStarts.add(event.getStartTime());
                clockNanoTimes.add(event.getLong("nanoTime"));
            }
        }
        ClockAlignment clock = ClockAlignment.of(clockStarts, clockNanoTimes);
        List<RecordedEpisode> episodes = new ArrayList<>(offCpu.size());
        for (RecordedEvent event : offCpu) {
            RecordedThread thread = event.getThread("eventThread");
            episodes.add(new RecordedEpisode(
                    thread == null ? -1 : thread.getOSThreadId(),
                    clock.toNanoTime(event.getStartTime()),
                    event.getDuration().toNanos(),
                    frames(event)));
        }
        return new EpisodeRecording(episodes, clock);
    }

    private static List<RecordedEpisode.Frame> frames(RecordedEvent event) {
        List<RecordedEpisode.Frame> frames = new ArrayList<>();
        RecordedStackTrace stack = event.getStackTrace();
        if (stack == null) {
            return frames;
        }
        for (RecordedFrame frame : stack.getFrames()) {
            String className = frame.getMethod() == null || frame.getMethod().getType() == null
                    ? ""
                    : frame.getMethod().getType().getName();
            String methodName =
                    frame.getMethod() == null ? "" : frame.getMethod().getName();
            frames.add(new RecordedEpisode.Frame(frame.getType(), className, methodName, frame.getLineNumber()));
        }
        return frames;
    }

    public List<RecordedEpisode> episodes() {
        return episodes;
    }

    public ClockAlignment clock() {
        return clock;
    }
}
