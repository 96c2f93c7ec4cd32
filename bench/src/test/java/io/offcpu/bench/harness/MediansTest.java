package io.offcpu.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MediansTest {
    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, Medians.of(new double[] {3, 1, 2}));
        assertEquals(2.5, Medians.of(new double[] {4, 1, 3, 2}));
    }

    @Test
    void ratiosPairEachRunWithTheReferenceRunOfItsRound() {
        // Round 2 was slow for both sides: its ratio is still 0.9, which the ratio of medians would not say.
        assertEquals(0.9, Medians.ofRatios(List.of(90.0, 45.0, 99.0), List.of(100.0, 50.0, 110.0)), 1e-9);
    }
}
