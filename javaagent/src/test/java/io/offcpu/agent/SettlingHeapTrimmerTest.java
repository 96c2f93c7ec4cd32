package io.offcpu.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettlingHeapTrimmerTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void trimsAtDoublingDelaysWhileSettlingThenNeverAgain() {
        long start = 7 * SECOND; // nanoTime has an arbitrary origin
        List<Long> trimmedAt = new ArrayList<>();
        long[] now = {start};
        SettlingHeapTrimmer trimmer = new SettlingHeapTrimmer(start, () -> trimmedAt.add((now[0] - start) / SECOND));
        // The consumer's housekeeping runs about once a second, for ten minutes here.
        for (int second = 0; second <= 600; second++) {
            now[0] = start + second * SECOND;
            trimmer.maybeTrim(now[0]);
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L), trimmedAt);
    }

    @Test
    void aLateHousekeepingTrimsOnceForTheDelaysItMissed() {
        List<Long> trimmedAt = new ArrayList<>();
        SettlingHeapTrimmer trimmer = new SettlingHeapTrimmer(0, () -> trimmedAt.add(0L));
        trimmer.maybeTrim(10 * SECOND); // past the 1, 2, 4 and 8 s marks at once
        assertEquals(1, trimmedAt.size());
    }
}
