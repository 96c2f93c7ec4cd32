package io.offcpu.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.offcpu.bench.harness.Configuration.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundsTest {
    private static final Configuration A = new Configuration("a", Kind.NO_AGENT, List.of());
    private static final Configuration B = new Configuration("b", Kind.OFFCPU, List.of());
    private static final Configuration C = new Configuration("c", Kind.JFR, List.of());

    @Test
    void eachRoundStartsWithTheNextConfiguration() throws Exception {
        List<String> runs = new ArrayList<>();
        Map<Configuration, List<Integer>> results = Rounds.run(List.of(A, B, C), 4, (configuration, round) -> {
            runs.add(configuration.name() + round);
            return round;
        });
        assertEquals(List.of("a1", "b1", "c1", "b2", "c2", "a2", "c3", "a3", "b3", "a4", "b4", "c4"), runs);
        assertEquals(List.of(1, 2, 3, 4), results.get(B), "results in round order");
        assertEquals(List.of(A, B, C), List.copyOf(results.keySet()), "configurations in the order given");
    }
}
