package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.samples.SleepSample;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Start and stop many times in one JVM: every stop releases what its start took. The baseline is
 * taken after the first cycle, which leaves what stays for the life of the JVM by design: the
 * loaded native library with its JVMTI environment, the JFR subsystem's threads, the MXBean.
 */
class AttachCyclesIT {
    private static final int CYCLES = 20;

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void twentyAttachStopCyclesLeakNothing(TestJdk jdk, @TempDir Path dir) throws Exception {
        BpfPrecondition.assumeBpfAvailable();
        // Fixed thread pools, so that thread counts move only with what offcpu does.
        SampleProcess target = SampleLaunch.of(jdk, SleepSample.class, dir, "600s")
                .withJvmOptions("-XX:-UseDynamicNumberOfCompilerThreads", "-XX:-UseDynamicNumberOfGCThreads")
                .start();
        try {
            target.awaitReady(Duration.ofSeconds(30));
            ProcessResources before = ProcessResources.of(target.pid());
            cycle(dir, target, 0);
            ProcessResources baseline = ProcessResources.of(target.pid());
            assertEquals(
                    0,
                    baseline.bpfPrograms() + baseline.bpfMaps() + baseline.bpfLinks(),
                    "BPF objects left after the first stop: " + baseline);
            List<ProcessResources> after = new ArrayList<>();
            for (int i = 1; i < CYCLES; i++) {
                cycle(dir, target, i);
                after.add(ProcessResources.of(target.pid()));
            }
            for (ProcessResources r : after) {
                assertEquals(
                        baseline,
                        r,
                        () -> "before any cycle " + before + ", after the first " + baseline + ", after each next one "
                                + after);
            }
        } finally {
            target.kill();
        }
    }

    private static void cycle(Path dir, SampleProcess target, int i) throws Exception {
        Path file = dir.resolve("cycle-" + i + ".jfr");
        OffCpuCli.Result start = OffCpuCli.run(dir, "attach", target.pid(), "--file", file);
        assertEquals(0, start.exitCode(), start::toString);
        ProcessResources during = ProcessResources.of(target.pid());
        assertTrue(during.bpfPrograms() > 0 && during.bpfLinks() > 0, "no BPF programs while recording: " + during);
        Thread.sleep(500);
        OffCpuCli.Result stop = OffCpuCli.run(dir, "stop", target.pid());
        assertEquals(0, stop.exitCode(), stop::toString);
        List<OffCpuEvent> events = OffCpuRecording.read(file);
        assertTrue(
                events.stream().anyMatch(e -> SleepSample.THREAD_NAME.equals(e.javaName())),
                "cycle " + i + ": no event of the sample thread in " + file);
    }
}
