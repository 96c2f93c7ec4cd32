package io.offcpu.samples.fidelity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fidelity scores of one run: of the truths that found their episode, the share whose Java frames equal
 * the truth, and the share that also has every line right; the share of truths without an episode; the
 * mismatches grouped by cause (most frequent first) with one example each, overall and per blocking method.
 */
public final class FidelityReport {
    private static final int EXAMPLES_PER_CAUSE = 1;

    private final ClockAlignment clock;
    private final int episodesInRecording;
    private int truths;
    private int matched;
    private int framesEqual;
    private int linesEqual;
    private final List<Long> startDelaysNanos = new ArrayList<>();
    private final Map<String, Integer> causeCounts = new LinkedHashMap<>();
    private final Map<String, String> causeExamples = new LinkedHashMap<>();
    private final Map<String, int[]> byBlockingMethod = new TreeMap<>();
    private final Map<String, Integer> unmatchedByMethod = new TreeMap<>();
    private int unmatchedShortBlocks;
    private int unmatchedInsideEarlierEpisode;
    private String unmatchedExample;
    /** Per frame type, over episodes whose frames equal the truth: frames, lines right, lines unknown. */
    private final Map<String, int[]> linesByFrameType = new TreeMap<>();

    FidelityReport(ClockAlignment clock, int episodesInRecording) {
        this.clock = clock;
        this.episodesInRecording = episodesInRecording;
    }

    void add(StackTruth truth, RecordedEpisode episode, StackComparison.Result result) {
        truths++;
        matched++;
        startDelaysNanos.add(episode.startNanoTime() - truth.nanoTime());
        int[] perMethod = byBlockingMethod.computeIfAbsent(truth.frames().get(0).qualifiedName(), m -> new int[3]);
        perMethod[0]++;
        if (result.framesEqual()) {
            framesEqual++;
            perMethod[1]++;
            for (int i = 0; i < truth.frames().size(); i++) {
                RecordedEpisode.Frame got = result.comparedFrames().get(i);
                int[] c = linesByFrameType.computeIfAbsent(got.type(), t -> new int[3]);
                c[0]++;
                c[1] += got.line() == truth.frames().get(i).line() ? 1 : 0;
                c[2] += got.line() <= 0 ? 1 : 0;
            }
        }
        if (result.linesEqual()) {
            linesEqual++;
            perMethod[2]++;
        }
        if (result.cause() != null) {
            String cause = (result.framesEqual() ? "[lines] " : "[frames] ") + result.cause();
            causeCounts.merge(cause, 1, Integer::sum);
            causeExamples.putIfAbsent(cause, "tid " + truth.tid() + ", " + truth.blockKind() + ": " + result.detail());
        }
    }

    void addUnmatched(StackTruth truth, RecordedEpisode covering) {
        truths++;
        if (truth.blockedNanos() < FidelityMatcher.THRESHOLD_NANOS) {
            unmatchedShortBlocks++;
        } else if (covering != null) {
            unmatchedInsideEarlierEpisode++;
            if (unmatchedExample == null) {
                unmatchedExample = String.format(
                        "tid %d blocked %d us from truth time 0 in %s; the episode "
                                + "covering it runs from %+d us to %+d us",
                        truth.tid(),
                        truth.blockedNanos() / 1000,
                        truth.frames().get(0).qualifiedName(),
                        (covering.startNanoTime() - truth.nanoTime()) / 1000,
                        (covering.startNanoTime() + covering.durationNanos() - truth.nanoTime()) / 1000);
            }
        }
        unmatchedByMethod.merge(truth.frames().get(0).qualifiedName(), 1, Integer::sum);
    }

    public int truthCount() {
        return truths;
    }

    public int matchedCount() {
        return matched;
    }

    /** Matched episodes whose Java frames equal the truth, over matched episodes (0 when none matched). */
    public double framesEqualShare() {
        return matched == 0 ? 0 : (double) framesEqual / matched;
    }

    /** Matched episodes with frames and every line equal to the truth, over matched episodes. */
    public double linesEqualShare() {
        return matched == 0 ? 0 : (double) linesEqual / matched;
    }

    /** Truths that found no episode, over all truths. */
    public double unmatchedShare() {
        return truths == 0 ? 0 : (double) (truths - matched) / truths;
    }

    /** Mismatch causes with their counts, most frequent first. */
    public List<Map.Entry<String, Integer>> causes() {
        List<Map.Entry<String, Integer>> causes = new ArrayList<>(causeCounts.entrySet());
        causes.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()));
        return causes;
    }

    /** The scores, per blocking method, and the {@code topCauses} most frequent mismatch causes with examples. */
    public String format(int topCauses) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                "truths %d, matched %d, recording has %d off-CPU events%n", truths, matched, episodesInRecording));
        s.append(String.format(
                "frames equal %.2f%% (%d/%d), lines right too %.2f%% (%d/%d), truths without "
                        + "episode %.2f%% (%d: %d blocked < 1 ms, %d inside an episode that started earlier, %d in none)%n",
                100 * framesEqualShare(),
                framesEqual,
                matched,
                100 * linesEqualShare(),
                linesEqual,
                matched,
                100 * unmatchedShare(),
                truths - matched,
                unmatchedShortBlocks,
                unmatchedInsideEarlierEpisode,
                truths - matched - unmatchedShortBlocks - unmatchedInsideEarlierEpisode));
        if (unmatchedExample != null) {
            s.append("  e.g. ").append(unmatchedExample).append('\n');
        }
        s.append(String.format(
                "clock: %d alignment events, spread %d ns; episode start - truth: %s%n",
                clock.samples(), clock.spreadNanos(), delays()));
        s.append("by blocking method (matched: frames equal / lines right; unmatched):\n");
        for (Map.Entry<String, int[]> e : byBlockingMethod.entrySet()) {
            int[] c = e.getValue();
            s.append(String.format(
                    "  %-55s %5d: %6.2f%% / %6.2f%%; %d%n",
                    e.getKey(),
                    c[0],
                    100.0 * c[1] / c[0],
                    100.0 * c[2] / c[0],
                    unmatchedByMethod.getOrDefault(e.getKey(), 0)));
        }
        unmatchedByMethod.forEach((method, count) -> {
            if (!byBlockingMethod.containsKey(method)) {
                s.append(String.format("  %-55s     0: unmatched %d%n", method, count));
            }
        });
        s.append("lines by recorded frame type (in episodes with equal frames): ");
        linesByFrameType.forEach(
                (type, c) -> s.append(String.format("%s %d/%d right, %d unknown; ", type, c[1], c[0], c[2])));
        s.append('\n');
        List<Map.Entry<String, Integer>> causes = causes();
        if (!causes.isEmpty()) {
            s.append("mismatch causes (count: cause, then one example):\n");
        }
        for (Map.Entry<String, Integer> cause : causes.subList(0, Math.min(topCauses, causes.size()))) {
            s.append(String.format("  %5d: %s%n", cause.getValue(), cause.getKey()));
            s.append("      ").append(causeExamples.get(cause.getKey())).append('\n');
        }
        if (causes.size() > topCauses) {
            s.append(String.format("  ... %d more causes%n", causes.size() - topCauses));
        }
        return s.toString();
    }

    private String delays() {
        if (startDelaysNanos.isEmpty()) {
            return "-";
        }
        long[] d = startDelaysNanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(d);
        return String.format(
                "min %d ns, median %d ns, p99 %d ns, max %d ns",
                d[0], d[d.length / 2], d[(int) Math.min(d.length - 1, Math.round(d.length * 0.99))], d[d.length - 1]);
    }
}
