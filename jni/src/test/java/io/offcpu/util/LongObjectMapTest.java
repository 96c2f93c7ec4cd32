package io.offcpu.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongObjectMapTest {
    @Test
    void answersAsAHashMapDoesThroughGrowthAndClear() {
        LongObjectMap<String> map = new LongObjectMap<>();
        Map<Long, String> reference = new HashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 50_000; i++) {
            // Addresses share high bits and collide in low ones, as code addresses do.
            long key = random.nextBoolean() ? 0x7f00_0000_0000L + random.nextInt(1 << 16) * 16L : random.nextLong();
            String value = "v" + i;
            assertEquals(reference.put(key, value), map.put(key, value));
        }
        assertEquals(reference.size(), map.size());
        reference.forEach((k, v) -> assertEquals(v, map.get(k)));
        assertNull(map.get(0x1234_5678_9abcL * 3 + 1));

        map.clear();
        assertEquals(0, map.size());
        reference.keySet().forEach(k -> assertNull(map.get(k)));
        map.put(0, "zero");
        map.put(-1, "minus one");
        assertEquals("zero", map.get(0));
        assertEquals("minus one", map.get(-1));
    }

    @Test
    void refusesNullValues() {
        assertThrows(IllegalArgumentException.class, () -> new LongObjectMap<String>().put(7, null));
    }
}
