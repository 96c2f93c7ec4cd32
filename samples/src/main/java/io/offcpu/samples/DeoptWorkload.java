package io.offcpu.samples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Compiled code that stops being valid mid-run. {@link #blockOnce} calls {@link FidelityShape#measure} on
 * ~2,000 shapes between blocks; the shapes it cycles through change with the run's quarters: squares only
 * (C2 inlines {@code Square.measure} behind a type check), then squares and circles (the check fails:
 * uncommon trap, deoptimization, recompile as bimorphic), then also triangles (a class first loaded then),
 * then also hexagons (megamorphic: a virtual call). From the second half, a branch never taken before is
 * taken every 64th block (another uncommon trap). The block itself happens in the shape's {@code measure}.
 */
final class DeoptWorkload {
    static final String THREAD_NAME = "fidelity-deopt";
    private static final int WARM_CALLS_PER_BLOCK = 2_000;
    private static final String[] LATE_SHAPES = {
        "io.offcpu.samples.FidelityShape$Triangle", "io.offcpu.samples.FidelityShape$Hexagon"
    };
    private final StackTruthRecorder truths;
    private final long startNanos = System.nanoTime();
    private final long quarterNanos;
    private final List<FidelityShape> shapes = new ArrayList<>(List.of(new FidelityShape.Square(2)));
    private int round;
    private double sink;

    DeoptWorkload(StackTruthRecorder truths, Duration duration) {
        this.truths = truths;
        this.quarterNanos = Math.max(1, duration.toNanos() / 4);
    }

    void blockOnce() throws ReflectiveOperationException {
        int quarter = (int) Math.min(3, (System.nanoTime() - startNanos) / quarterNanos);
        if (shapes.size() < quarter + 1) {
            shapes.add(quarter == 1 ? new FidelityShape.Circle(1) : loadLate(LATE_SHAPES[quarter - 2]));
        }
        sink += measureAll(shapes, quarter);
        FidelityShape blocking = shapes.get(round++ % shapes.size());
        sink += blocking.measure(truths, true);
    }

    private double measureAll(List<FidelityShape> current, int quarter) {
        double total = 0;
        int count = current.size();
        for (int i = 0; i < WARM_CALLS_PER_BLOCK; i++) {
            total += current.get(i % count).measure(truths, false);
        }
        if (quarter >= 2 && round % 64 == 0) {
            total += lateBranch(total);
        }
        return total;
    }

    private static double lateBranch(double total) {
        return Math.sqrt(Math.abs(total)) / 7;
    }

    private static FidelityShape loadLate(String className) throws ReflectiveOperationException {
        return (FidelityShape)
                Class.forName(className).getDeclaredConstructor(double.class).newInstance(3.0);
    }

    /** Parks; called by the shapes, inside their {@code measure}. */
    static void park() {
        LockSupport.parkNanos(FidelitySample.PARK_NANOS);
    }
}
