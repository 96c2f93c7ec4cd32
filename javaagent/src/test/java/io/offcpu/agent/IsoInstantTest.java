package io.offcpu.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The oracle is Instant.toString (DateTimeFormatter.ISO_INSTANT), which IsoInstant stands in for. */
class IsoInstantTest {
    @Test
    void writesWhatInstantToStringWrites() {
        Random random = new Random(7);
        long lastSecondOf9999 = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            long second = Math.floorMod(random.nextLong(), lastSecondOf9999 + 62_167_219_200L) - 62_167_219_200L;
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            check(Instant.ofEpochSecond(i % 8 == 0 ? second - Math.floorMod(second, 60) : second, nano));
        }
    }

    @Test
    void edges() {
        check(Instant.EPOCH);
        check(Instant.now());
        check(Instant.parse("0000-01-01T00:00:00Z"));
        check(Instant.parse("2026-12-07T21:54:00Z"));
        check(Instant.parse("2026-12-07T21:54:00.000000001Z"));
        check(Instant.parse("2026-12-07T21:54:00.100Z"));
        check(Instant.parse("9999-12-31T23:59:59.999999999Z"));
        check(Instant.parse("+10000-01-01T00:00:00Z"));
        check(Instant.parse("-0001-12-31T23:59:59Z"));
        check(Instant.MIN);
        check(Instant.MAX);
    }

    private static void check(Instant instant) {
        assertEquals(instant.toString(), IsoInstant.format(instant));
    }
}
