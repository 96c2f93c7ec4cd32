package io.offcpu.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/** Reads our events from a recording with the JDK's own parser ({@code jdk.jfr.consumer.RecordingFile}). */
public final class OffCpuRecording {
    public static final String OFF_CPU_EVENT = "offcpu.OffCpu";
    public static final String STATISTICS_EVENT = "offcpu.Statistics";

    private OffCpuRecording() {}

    public static List<OffCpuEvent> read(Path recording) throws IOException {
        List<OffCpuEvent> events = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (event.getEventType().getName().equals(OFF_CPU_EVENT)) {
                events.add(toOffCpuEvent(event));
            }
        }
        return events;
    }

    /** How many {@code offcpu.Statistics} events the recording holds. */
    public static long countStatistics(Path recording) throws IOException {
        return RecordingFile.readAllEvents(recording).stream()
                .filter(e -> e.getEventType().getName().equals(STATISTICS_EVENT))
                .count();
    }

    private static OffCpuEvent toOffCpuEvent(RecordedEvent event) {
        RecordedThread thread = event.getThread("eventThread");
        List<OffCpuEvent.Frame> frames = new ArrayList<>();
        RecordedStackTrace stack = event.getStackTrace();
        if (stack != null) {
            for (RecordedFrame frame : stack.getFrames()) {
                String className =
                        frame.getMethod() == null || frame.getMethod().getType() == null
                                ? null
                                : frame.getMethod().getType().getName();
                String methodName =
                        frame.getMethod() == null ? null : frame.getMethod().getName();
                frames.add(new OffCpuEvent.Frame(frame.getType(), className, methodName));
            }
        }
        return new OffCpuEvent(
                thread == null ? -1 : thread.getOSThreadId(),
                thread == null ? null : thread.getJavaName(),
                event.getDuration().toNanos(),
                event.hasField("syscall") ? event.getString("syscall") : null,
                frames,
                event.hasField("reason") ? event.getString("reason") : null,
                event.hasField("reasonDetail") ? event.getString("reasonDetail") : null,
                event.hasField("runQueueLatency")
                        ? event.getDuration("runQueueLatency").toNanos()
                        : -1);
    }
}
