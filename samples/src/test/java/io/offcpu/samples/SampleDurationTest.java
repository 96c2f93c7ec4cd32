package io.offcpu.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SampleDurationTest {
    @Test
    void parsesMillisecondsSecondsAndMinutes() {
        assertEquals(Duration.ofMillis(500), SampleDuration.parse("500ms"));
        assertEquals(Duration.ofSeconds(10), SampleDuration.parse("10s"));
        assertEquals(Duration.ofMinutes(2), SampleDuration.parse(" 2m "));
    }

    @Test
    void usesTheFallbackWithoutArguments() {
        assertEquals(Duration.ofSeconds(7), SampleDuration.fromArgs(new String[0], Duration.ofSeconds(7)));
        assertEquals(Duration.ofSeconds(1), SampleDuration.fromArgs(new String[] {"1s", "/tmp"}, Duration.ZERO));
    }

    @Test
    void rejectsOtherFormatsSayingWhatIsAccepted() {
        for (String bad : new String[] {"10", "1.5s", "-1s", "10h", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SampleDuration.parse(bad));
            assertTrue(
                    e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("ms, s or m"), e.getMessage());
        }
    }
}
