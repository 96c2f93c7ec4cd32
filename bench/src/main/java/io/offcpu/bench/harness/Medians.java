package io.offcpu.bench.harness;

import java.util.Arrays;
import java.util.List;

/** Medians, the figure every harness reports: one slow or fast run on a shared machine does not move it. */
public final class Medians {
    private Medians() {}

    public static double of(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public static double of(List<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The median of {@code values[i] / baseline[i]}: each run against the no-agent run of its own round. */
    public static double ofRatios(List<Double> values, List<Double> baseline) {
        double[] ratios = new double[Math.min(values.size(), baseline.size())];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = values.get(i) / baseline.get(i);
        }
        return of(ratios);
    }
}
