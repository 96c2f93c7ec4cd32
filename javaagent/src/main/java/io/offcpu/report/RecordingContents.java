package io.offcpu.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a recording file holds, in one line: its off-CPU events, the off-CPU time they stand for and the
 * stretch of time they cover. For a file the CLI did not see written, such as one a JVM wrote as it exited.
 */
public final class RecordingContents {
    private static final String OFF_CPU_EVENT = "offcpu.OffCpu";

    private RecordingContents() {}

    public static String describe(Path file) {
        if (!Files.isRegularFile(file)) {
            return "no file at " + file;
        }
        long events = 0;
        long weightNanos = 0;
        Instant first = null;
        Instant last = null;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                if (!e.getEventType().getName().equals(OFF_CPU_EVENT)) {
                    continue;
                }
                events++;
                weightNanos += e.getDuration("weight").toNanos();
                first = first == null || e.getStartTime().isBefore(first) ? e.getStartTime() : first;
                last = last == null || e.getEndTime().isAfter(last) ? e.getEndTime() : last;
            }
        } catch (IOException e) {
            return file + ", which cannot be read: " + e.getMessage();
        }
        long bytes = sizeOf(file);
        String span = first == null
                ? ""
                : " from events spanning "
                        + TextSummary.seconds(Duration.between(first, last).toNanos());
        return String.format(
                "%s (%,d bytes): %,d off-CPU events, %s off the CPU%s",
                file, bytes, events, TextSummary.millis(weightNanos), span);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
