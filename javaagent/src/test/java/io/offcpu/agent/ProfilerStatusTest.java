package io.offcpu.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class ProfilerStatusTest {
    @Test
    void groupsDigitsAsStringFormatDoesInEnglish() {
        for (long value : new long[] {
            0,
            7,
            999,
            1_000,
            12_345,
            999_999,
            1_000_000,
            1_234_567_890L,
            -1,
            -1_000,
            -987_654,
            Long.MAX_VALUE,
            Long.MIN_VALUE
        }) {
            assertEquals(String.format(Locale.ROOT, "%,d", value), ProfilerStatus.grouped(value), "value " + value);
        }
    }
}
