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
        String counts = grouped(events) + " events, " + grouped(switchesSeen) + " switches seen, "
                + grouped(recordsDropped) + " dropped, " + grouped(stacksFailed) + " stacks failed";
        return recording
                ? "recording since " + IsoInstant.format(since) + " to " + file + ": " + counts
                : "wrote " + file + ": " + counts + " (recorded since " + IsoInstant.format(since) + ")";
    }

    /**
     * 1234567 as "1,234,567". Not String.format's "%,d": its grouping separator comes from the locale's
     * data, whose first use loads the CLDR locale provider, tens of milliseconds of the application's
     * start-up CPU for a line that is written when the agent starts.
     */
    static String grouped(long value) {
        String text = Long.toString(value);
        int firstDigit = value < 0 ? 1 : 0;
        int digits = text.length() - firstDigit;
        StringBuilder out = new StringBuilder(text.length() + digits / 3);
        out.append(text, 0, firstDigit);
        for (int i = 0; i < digits; i++) {
            if (i > 0 && (digits - i) % 3 == 0) {
                out.append(',');
            }
            out.append(text.charAt(firstDigit + i));
        }
        return out.toString();
    }
}
