package io.offcpu.samples;

/**
 * The receivers of {@link DeoptWorkload}'s call site. Each implementation blocks inside its own
 * {@code measure} when asked, so the truth names the implementation that was called.
 * {@link Triangle} and {@link Hexagon} are loaded only when the workload reaches them (by name).
 */
interface FidelityShape {
    double measure(StackTruthRecorder truths, boolean block);

    final class Square implements FidelityShape {
        private final double side;

        Square(double side) {
            this.side = side;
        }

        @Override
        public double measure(StackTruthRecorder truths, boolean block) {
            if (block) {
                // spotless:off (one line: the truth and the wait share a line number)
                truths.capture(Thread.currentThread().getStackTrace()); DeoptWorkload.park(); truths.returned();
                // spotless:on
            }
            return side * side;
        }
    }

    final class Circle implements FidelityShape {
        private final double radius;

        Circle(double radius) {
            this.radius = radius;
        }

        @Override
        public double measure(StackTruthRecorder truths, boolean block) {
            if (block) {
                // spotless:off (one line: the truth and the wait share a line number)
                truths.capture(Thread.currentThread().getStackTrace()); DeoptWorkload.park(); truths.returned();
                // spotless:on
            }
            return Math.PI * radius * radius;
        }
    }

    final class Triangle implements FidelityShape {
        private final double side;

        Triangle(double side) {
            this.side = side;
        }

        @Override
        public double measure(StackTruthRecorder truths, boolean block) {
            if (block) {
                // spotless:off (one line: the truth and the wait share a line number)
                truths.capture(Thread.currentThread().getStackTrace()); DeoptWorkload.park(); truths.returned();
                // spotless:on
            }
            return Math.sqrt(3) / 4 * side * side;
        }
    }

    final class Hexagon implements FidelityShape {
        private final double side;

        Hexagon(double side) {
            this.side = side;
        }

        @Override
        public double measure(StackTruthRecorder truths, boolean block) {
            if (block) {
                // spotless:off (one line: the truth and the wait share a line number)
                truths.capture(Thread.currentThread().getStackTrace()); DeoptWorkload.park(); truths.returned();
                // spotless:on
            }
            return 3 * Math.sqrt(3) / 2 * side * side;
        }
    }
}
