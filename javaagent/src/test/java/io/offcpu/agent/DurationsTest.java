package io.offcpu.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @ParameterizedTest(name = "{0} = {1} ns")
    @CsvSource({
        "0, 0",
        "1ns, 1",
        "700ns, 700",
        "500us, 500000",
        "1ms, 1000000",
        "1.5ms, 1500000",
        "1.5s, 1500000000",
        "2m, 120000000000",
        "1h, 3600000000000",
        "10 ms, 10000000",
        "0.25MS, 250000",
        "' 2s ', 2000000000",
        "0s, 0"
    })
    void readsEveryUnitFromNanosecondsToHours(String text, long nanos) {
        assertEquals(nanos, Durations.parseNanos("--duration", text));
        assertTrue(Durations.isDuration(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "5x", "-1ms", "ms", "1e3ms", "", "1d", "fast"})
    void refusesWhatIsNotANumberWithAUnitNamingTheOptionAndTheUnits(String text) {
        OptionException e = assertThrows(OptionException.class, () -> Durations.parseNanos("--duration", text));
        assertEquals(
                "bad duration '" + text + "' for --duration: use a number with ns, us, ms, s, m or h", e.getMessage());
        assertFalse(Durations.isDuration(text));
    }

    @Test
    void refusesFractionsOfANanosecondAndOverflow() {
        assertThrows(OptionException.class, () -> Durations.parseNanos("threshold", "1.5ns"));
        OptionException e = assertThrows(OptionException.class, () -> Durations.parseNanos(null, "9999999h"));
        assertEquals(
                "bad duration '9999999h': use a whole number of nanoseconds that fits in 64 bits, with ns, us, ms,"
                        + " s, m or h",
                e.getMessage());
    }

    @Test
    void formatsInTheLargestWholeUnitAndReadsBack() {
        for (long nanos : new long[] {0, 7, 250_000, 3_000_000, 2_000_000_000L, 90_000_000_000L}) {
            assertEquals(nanos, Durations.parseNanos(null, Durations.format(nanos)));
        }
        assertEquals("250us", Durations.format(250_000));
        assertEquals("90s", Durations.format(90_000_000_000L));
    }
}
