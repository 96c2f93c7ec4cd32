package io.offcpu.agent;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Where a recording stands.
 *
 * @param switchesSeen switch-outs of this JVM's threads seen by the kernel side
 * @param recordsDropped episodes lost because the ring buffer was full
 */
public record ProfilerStatus(
        boolean recording,
        Instant since,
        Path file,
        long events,
        long switchesSeen,
        long recordsDropped,
        long stacksFailed) {

    public static ProfilerStatus idle() {
        return new ProfilerStatus(false, null, null, 0, 0, 0, 0);
    }

    /** The same figures once the recording has stopped and its file is written. */
    ProfilerStatus finished() {
        return new ProfilerStatus(false, since, file, events, switchesSeen, recordsDropped, stacksFailed);
    }

    /** One line for people and for the CLI. */
    public String describe() {
        if (file == null) {
            return "not recording";
        }
        String counts = String.format(
                "%,d events, %,d switches seen, %,d dropped, %,d stacks failed",
                events, switchesSeen, recordsDropped, stacksFailed);
        return recording
                ? "recording since " + since + " to " + file + ": " + counts
                : "wrote " + file + ": " + counts + " (recorded since " + since + ")";
    }
}
