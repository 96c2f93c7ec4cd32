package io.offcpu.samples;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Blocks inside lambdas and method references called from JDK code: an {@code IntStream} pipeline, a
 * {@code Stream} with map/filter, {@code Optional.map}, and a {@code Function.andThen} composition, in turn.
 * The lambdas' hidden proxy classes are on the stack but not in {@code Thread.getStackTrace()}.
 */
final class StreamWorkload {
    static final String THREAD_NAME = "fidelity-streams";
    private static final List<String> WORDS = List.of("off", "cpu");
    private final StackTruthRecorder truths;
    private final Function<Integer, Integer> composed;
    private int round;

    StreamWorkload(StackTruthRecorder truths) {
        this.truths = truths;
        Function<Integer, Integer> plusOne = x -> x + 1;
        this.composed = plusOne.andThen(this::sleepReturning);
    }

    void blockOnce() {
        switch (round++ % 4) {
            case 0:
                IntStream.range(0, 1).map(i -> i + 1).forEach(this::sleepInStream);
                break;
            case 1:
                WORDS.stream().map(String::length).filter(n -> n == 3).limit(1).forEach(n -> sleepInStream(n));
                break;
            case 2:
                Optional.of(round).map(r -> sleepReturning(r)).orElseThrow();
                break;
            default:
                composed.apply(round);
                break;
        }
    }

    private void sleepInStream(int value) {
        // spotless:off (one line: the truth and the wait share a line number)
        truths.capture(Thread.currentThread().getStackTrace()); sleepUninterrupted(); truths.returned();
        // spotless:on
    }

    private int sleepReturning(int value) {
        // spotless:off (one line: the truth and the wait share a line number)
        truths.capture(Thread.currentThread().getStackTrace()); sleepUninterrupted(); truths.returned();
        // spotless:on
        return value;
    }

    private static void sleepUninterrupted() {
        try {
            Thread.sleep(FidelitySample.SLEEP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
