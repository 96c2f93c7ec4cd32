package io.offcpu.samples.fidelity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs each truth with the episode of the same thread that starts right after it: the first episode whose
 * start lies in [truth − {@link #EARLY_NANOS}, truth + {@link #LATE_NANOS}] on the nanoTime clock. A thread
 * blocks at most every 3 ms, so the window cannot reach the next truth's episode; the early side allows
 * for the error of the clock alignment. Each episode answers at most one truth.
 */
public final class FidelityMatcher {
    static final long EARLY_NANOS = 500_000;
    static final long LATE_NANOS = 2_000_000;
    /** The agent threshold the fidelity runs use: shorter blocks are not expected to have an episode. */
    public static final long THRESHOLD_NANOS = 1_000_000;

    private FidelityMatcher() {}

    /**
     * An earlier episode that lasts over the middle of the truth's block, when there is one: the block was
     * recorded, but merged into an episode that began before the truth (the profiler's start is wrong).
     */
    private static RecordedEpisode coveringEpisode(List<RecordedEpisode> episodes, int next, StackTruth truth) {
        long middle = truth.nanoTime() + truth.blockedNanos() / 2;
        for (int j = Math.min(next, episodes.size()) - 1; j >= 0 && j >= next - 3; j--) {
            RecordedEpisode e = episodes.get(j);
            if (e.startNanoTime() < truth.nanoTime() && e.startNanoTime() + e.durationNanos() > middle) {
                return e;
            }
        }
        return null;
    }

    public static FidelityReport match(List<StackTruth> truths, EpisodeRecording recording) {
        Map<Long, List<RecordedEpisode>> byThread = new HashMap<>();
        for (RecordedEpisode e : recording.episodes()) {
            byThread.computeIfAbsent(e.tid(), t -> new ArrayList<>()).add(e);
        }
        byThread.values().forEach(list -> list.sort(Comparator.comparingLong(RecordedEpisode::startNanoTime)));
        Map<Long, Integer> nextIndex = new HashMap<>();
        List<StackTruth> sorted = new ArrayList<>(truths);
        sorted.sort(Comparator.comparingLong(StackTruth::nanoTime));
        FidelityReport report =
                new FidelityReport(recording.clock(), recording.episodes().size());
        for (StackTruth truth : sorted) {
            List<RecordedEpisode> episodes = byThread.getOrDefault(truth.tid(), List.of());
            int i = nextIndex.getOrDefault(truth.tid(), 0);
            while (i < episodes.size() && episodes.get(i).startNanoTime() < truth.nanoTime() - EARLY_NANOS) {
                i++;
            }
            if (i < episodes.size() && episodes.get(i).startNanoTime() <= truth.nanoTime() + LATE_NANOS) {
                RecordedEpisode episode = episodes.get(i);
                report.add(truth, episode, StackComparison.compare(truth, episode));
                i++;
            } else {
                report.addUnmatched(truth, coveringEpisode(episodes, i, truth));
            }
            nextIndex.put(truth.tid(), i);
        }
        return report;
    }
}
