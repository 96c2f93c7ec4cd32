package io.offcpu.bench.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every configuration once per round, in an order that rotates from round to round (round 2 starts
 * with the second configuration, ...), so that a drift of a shared machine and the position in the round
 * (a warm page cache, a CPU that just woke) do not favour one side.
 */
public final class Rounds {
    /** One run of one configuration. */
    @FunctionalInterface
    public interface Run<T> {
        T measure(Configuration configuration, int round) throws Exception;
    }

    private Rounds() {}

    /** Each configuration's results, in round order; the first failure ends all rounds. */
    public static <T> Map<Configuration, List<T>> run(List<Configuration> configurations, int rounds, Run<T> run)
            throws Exception {
        Map<Configuration, List<T>> results = new LinkedHashMap<>();
        configurations.forEach(c -> results.put(c, new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            for (Configuration configuration : order(configurations, round)) {
                results.get(configuration).add(run.measure(configuration, round + 1));
            }
        }
        return results;
    }

    static List<Configuration> order(List<Configuration> configurations, int round) {
        List<Configuration> order = new ArrayList<>();
        for (int i = 0; i < configurations.size(); i++) {
            order.add(configurations.get((round + i) % configurations.size()));
        }
        return order;
    }
}
