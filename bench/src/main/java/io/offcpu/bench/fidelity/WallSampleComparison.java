package io.offcpu.bench.fidelity;

import io.offcpu.samples.fidelity.ClockAlignment;
import io.offcpu.samples.fidelity.EpisodeRecording;
import io.offcpu.samples.fidelity.RecordedEpisode;
import io.offcpu.samples.fidelity.StackComparison;
import io.offcpu.samples.fidelity.StackTruth;
import io.offcpu.samples.fidelity.TruthFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Scores async-profiler's wall-clock samples of {@code FidelitySample} the way {@link FidelityRun} scores our
 * episodes: for each truth, the first {@code profiler.WallClockSample} of that thread taken well inside the
 * block (0.3 ms after its start, 0.3 ms before its end) is compared with {@link StackComparison}. Run the
 * sample with {@code -agentpath:libasyncProfiler.so=start,event=wall,interval=5ms,jfrsync=default,file=ap.jfr}
 * ({@code jfrsync} puts the sample's clock events in the same file). Usage:
 * {@code WallSampleComparison <truths.txt> <ap.jfr>}.
 */
public final class WallSampleComparison {
    private static final long MARGIN_NANOS = 300_000;

    private WallSampleComparison() {}

    public static void main(String[] args) throws Exception {
        List<StackTruth> truths = TruthFile.read(Path.of(args[0]));
        List<Instant> clockStarts = new ArrayList<>();
        List<Long> clockNanoTimes = new ArrayList<>();
        List<RecordedEvent> wallSamples = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[1]))) {
            String name = e.getEventType().getName();
            if (name.equals(EpisodeRecording.CLOCK_EVENT)) {
                clockStarts.add(e.getStartTime());
                clockNanoTimes.add(e.getLong("nanoTime"));
            } else if (name.equals("profiler.WallClockSample")) {
                wallSamples.add(e);
            }
        }
        ClockAlignment clock = ClockAlignment.of(clockStarts, clockNanoTimes);
        Map<Long, List<RecordedEpisode>> byThread = new HashMap<>();
        for (RecordedEvent e : wallSamples) {
            RecordedThread thread = e.getThread("sampledThread");
            List<RecordedEpisode.Frame> frames = new ArrayList<>();
            for (RecordedFrame f : e.getStackTrace().getFrames()) {
                frames.add(new RecordedEpisode.Frame(
                        f.getType(),
                        f.getMethod().getType() == null
                                ? ""
                                : f.getMethod().getType().getName(),
                        f.getMethod().getName(),
                        f.getLineNumber()));
            }
            byThread.computeIfAbsent(thread.getOSThreadId(), t -> new ArrayList<>())
                    .add(new RecordedEpisode(thread.getOSThreadId(), clock.toNanoTime(e.getStartTime()), 0, frames));
        }
        int compared = 0;
        int framesEqual = 0;
        int linesEqual = 0;
        Map<String, Integer> causes = new TreeMap<>();
        Map<String, Integer> frameTypes = new TreeMap<>();
        for (StackTruth truth : truths) {
            for (RecordedEpisode sample : byThread.getOrDefault(truth.tid(), List.of())) {
                long after = sample.startNanoTime() - truth.nanoTime();
                if (after > MARGIN_NANOS && after < truth.blockedNanos() - MARGIN_NANOS) {
                    StackComparison.Result r = StackComparison.compare(truth, sample);
                    compared++;
                    framesEqual += r.framesEqual() ? 1 : 0;
                    linesEqual += r.linesEqual() ? 1 : 0;
                    if (r.cause() != null) {
                        causes.merge(r.cause(), 1, Integer::sum);
                    }
                    r.comparedFrames().forEach(f -> frameTypes.merge(f.type(), 1, Integer::sum));
                    break;
                }
            }
        }
        System.out.printf(
                "truths %d, with a wall sample inside the block %d; frames equal %.2f%%, lines right "
                        + "%.2f%%%nframe types: %s%nmismatch causes: %s%n",
                truths.size(),
                compared,
                100.0 * framesEqual / Math.max(1, compared),
                100.0 * linesEqual / Math.max(1, compared),
                frameTypes,
                causes);
    }
}
