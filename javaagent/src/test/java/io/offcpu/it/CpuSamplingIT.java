package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.samples.AllSamples;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.ItemFilters;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;

/** cpu=: async-profiler's on-CPU samples land in the same file as our events, on the JVM's time line. */
class CpuSamplingIT {
    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void onCpuSamplesSitNextToOffCpuEvents(TestJdk jdk, @TempDir Path dir) throws Exception {
        BpfPrecondition.assumeBpfAvailable();
        SampleResult run = SampleLaunch.of(jdk, AllSamples.class, dir, "4s")
                .withAgentOptions("cpu=10ms")
                .start()
                .awaitExit(Duration.ofSeconds(90));
        run.requireSuccess();
        Path recording = run.requireRecording();

        List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
        List<RecordedEvent> samples = events.stream()
                .filter(e -> e.getEventType().getName().equals("jdk.ExecutionSample"))
                .toList();
        List<RecordedEvent> offCpu = events.stream()
                .filter(e -> e.getEventType().getName().equals("offcpu.OffCpu"))
                .toList();
        assertTrue(samples.size() >= 50, "only " + samples.size() + " on-CPU samples in 4 s at 10 ms");
        assertTrue(samples.stream().allMatch(e -> e.getThread("sampledThread") != null && e.getStackTrace() != null));
        assertTrue(
                samples.stream()
                        .anyMatch(e -> e.getStackTrace().getFrames().stream()
                                .anyMatch(f -> f.getMethod().getType().getName().startsWith("io.offcpu.samples."))),
                "no sample in the samples' own code");
        // Both halves on one time line: every sample within the span of the off-CPU events (+-1 s).
        Instant first = offCpu.stream()
                .map(RecordedEvent::getStartTime)
                .min(Instant::compareTo)
                .orElseThrow();
        Instant last = offCpu.stream()
                .map(RecordedEvent::getEndTime)
                .max(Instant::compareTo)
                .orElseThrow();
        assertTrue(
                samples.stream()
                        .allMatch(e -> !e.getStartTime().isBefore(first.minusSeconds(1))
                                && !e.getStartTime().isAfter(last.plusSeconds(1))),
                "samples outside " + first + " .. " + last);

        IItemCollection items = JfrLoaderToolkit.loadEvents(recording.toFile());
        assertEquals(
                samples.size(),
                items.apply(ItemFilters.type("jdk.ExecutionSample")).stream()
                        .mapToLong(i -> i.getItemCount())
                        .sum(),
                "JMC and the JDK see the same samples");
        assertEquals(
                offCpu.size(),
                items.apply(ItemFilters.type("offcpu.OffCpu")).stream()
                        .mapToLong(i -> i.getItemCount())
                        .sum(),
                "JMC and the JDK see the same off-CPU events");
        assertEquals(List.of(), JmcRules.failing(recording), "JMC rules that fail on the recording");
    }
}
