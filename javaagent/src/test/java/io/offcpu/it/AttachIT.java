package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.samples.CompiledBlockingSample;
import io.offcpu.samples.SleepSample;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code offcpu attach} on a JVM that started without the agent and has run for a while. */
class AttachIT {
    private static final Set<String> COMPILED_FRAME = Set.of("JIT compiled", "Inlined");
    private static final Set<String> ANY_JAVA_FRAME = Set.of("JIT compiled", "Inlined", "Interpreted");
    private static final double MIN_COMPILED_SHARE = 0.7;
    private static final double MAX_UNNAMED_SHARE = 0.01;

    private static boolean namesBlockingMethod(OffCpuEvent e, Set<String> frameTypes) {
        return e.frames().stream()
                .anyMatch(f -> f.className().equals(CompiledBlockingSample.class.getName())
                        && f.methodName().equals(CompiledBlockingSample.BLOCKING_METHOD)
                        && frameTypes.contains(f.type()));
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void recordsCodeCompiledBeforeTheAttachByName(TestJdk jdk, @TempDir Path dir) throws Exception {
        BpfPrecondition.assumeBpfAvailable();
        SampleProcess target = SampleLaunch.of(jdk, CompiledBlockingSample.class, dir, "120s")
                .withJvmOptions("-XX:+PreserveFramePointer")
                .start();
        try {
            SampleReport report = target.awaitReady(Duration.ofSeconds(30));
            long tid = report.threadId(CompiledBlockingSample.THREAD_NAME);
            Path file = dir.resolve("attached.jfr");

            OffCpuCli.Result attach =
                    OffCpuCli.run(dir, "attach", target.pid(), "--duration", "5s", "--file", file, "threshold=1ms");

            assertEquals(0, attach.exitCode(), attach::toString);
            assertTrue(attach.stdout().contains("wrote " + file), attach::toString);
            List<OffCpuEvent> onThread = OffCpuRecording.read(file).stream()
                    .filter(e -> e.osThreadId() == tid)
                    .toList();
            assertTrue(onThread.size() >= 100, () -> "only " + onThread.size() + " events of the blocking thread");
            assertTrue(
                    onThread.stream().allMatch(e -> CompiledBlockingSample.THREAD_NAME.equals(e.javaName())),
                    "thread that existed before the attach has its Java name");
            // The episodes name the blocking method, whichever code ran it: compiled code from before the attach
            // through the code map's replay, code compiled later through its load events. (1 in ~1,000 may miss
            // it: compiled while the JVM recompiles, its load event not yet drained when the episode is named.)
            List<OffCpuEvent> unnamed = onThread.stream()
                    .filter(e -> !namesBlockingMethod(e, ANY_JAVA_FRAME))
                    .toList();
            assertTrue(
                    unnamed.size() <= onThread.size() * MAX_UNNAMED_SHARE,
                    () -> unnamed.size() + " of "
                            + onThread.size() + " events do not name " + CompiledBlockingSample.BLOCKING_METHOD
                            + ", e.g. "
                            + unnamed.stream()
                                    .limit(3)
                                    .map(OffCpuEvent::describe)
                                    .toList());
            // Starting the agent and its JFR recording makes HotSpot deoptimize the sample's methods at once
            // (-XX:+PrintCompilation: blockFor, its lambda and blockOnce made not entrant ~0.1 s after the attach,
            // recompiled ~0.3 s later; under load up to ~0.6 s), so part of the 5 s runs interpreted, rightly.
            long compiled = onThread.stream()
                    .filter(e -> namesBlockingMethod(e, COMPILED_FRAME))
                    .count();
            assertTrue(
                    compiled >= onThread.size() * MIN_COMPILED_SHARE,
                    () -> compiled + " of " + onThread.size()
                            + " events name the compiled " + CompiledBlockingSample.BLOCKING_METHOD
                            + ", expected at least "
                            + (int) (100 * MIN_COMPILED_SHARE) + "%; the others: "
                            + onThread.stream()
                                    .filter(e -> !namesBlockingMethod(e, COMPILED_FRAME))
                                    .limit(3)
                                    .map(OffCpuEvent::describe)
                                    .toList());
        } finally {
            target.kill();
        }
    }

    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void statusAndStopReportTheRecording(TestJdk jdk, @TempDir Path dir) throws Exception {
        BpfPrecondition.assumeBpfAvailable();
        SampleProcess target =
                SampleLaunch.of(jdk, SleepSample.class, dir, "120s").start();
        try {
            target.awaitReady(Duration.ofSeconds(30));
            Path file = dir.resolve("controlled.jfr");
            assertTrue(OffCpuCli.run(dir, "status", target.pid()).stdout().contains("not recording"));

            OffCpuCli.Result start = OffCpuCli.run(dir, "attach", target.pid(), "--file", file);
            assertEquals(0, start.exitCode(), start::toString);
            OffCpuCli.Result again = OffCpuCli.run(dir, "attach", target.pid(), "--file", file);
            assertEquals(1, again.exitCode(), again::toString);
            assertTrue(again.stderr().contains("already recording to " + file), again::toString);
            Thread.sleep(1_000);
            OffCpuCli.Result status = OffCpuCli.run(dir, "status", target.pid());
            assertTrue(
                    status.stdout().contains("recording since")
                            && status.stdout().contains(file.toString()),
                    status::toString);
            OffCpuCli.Result list = OffCpuCli.run(dir, "list");
            assertTrue(
                    list.stdout()
                            .lines()
                            .anyMatch(l -> l.startsWith(target.pid() + " ")
                                    && l.contains(SleepSample.class.getName())
                                    && l.contains("recording to " + file)),
                    list::toString);

            OffCpuCli.Result stop = OffCpuCli.run(dir, "stop", target.pid());
            assertEquals(0, stop.exitCode(), stop::toString);
            assertTrue(stop.stdout().contains("wrote " + file), stop::toString);
            assertTrue(OffCpuRecording.read(file).size() > 10, "the stopped recording holds events");
            OffCpuCli.Result stopAgain = OffCpuCli.run(dir, "stop", target.pid());
            assertTrue(stopAgain.stderr().contains("is not recording"), stopAgain::toString);
        } finally {
            target.kill();
        }
    }

    /**
     * attach --duration on a JVM that exits first (stopped with SIGTERM, as a service is): the JVM writes its file
     * as it exits, and the command says so and what the file holds.
     */
    @ParameterizedTest
    @EnumSource(TestJdk.class)
    void aTargetThatExitsFirstLeavesItsRecording(TestJdk jdk, @TempDir Path dir) throws Exception {
        BpfPrecondition.assumeBpfAvailable();
        SampleProcess target =
                SampleLaunch.of(jdk, SleepSample.class, dir, "120s").start();
        try {
            target.awaitReady(Duration.ofSeconds(30));
            Path file = dir.resolve("exited.jfr");
            OffCpuCli.Running attach =
                    OffCpuCli.start(dir, "attach", target.pid(), "--duration", "100s", "--file", file);
            awaitRecording(dir, target, Duration.ofSeconds(60));
            Thread.sleep(1_000);
            ProcessHandle.of(target.pid()).ifPresent(ProcessHandle::destroy);
            OffCpuCli.Result attached = attach.await();

            assertEquals(0, attached.exitCode(), attached::toString);
            assertTrue(attached.stdout().contains("pid " + target.pid() + " exited after"), attached::toString);
            int events = OffCpuRecording.read(file).size();
            assertTrue(events > 10, () -> "only " + events + " events in " + file);
            assertTrue(
                    attached.stdout().contains(file + " (")
                            && attached.stdout().contains(String.format("%,d off-CPU events", events)),
                    attached::toString);
            assertFalse(
                    attached.stdout().contains("not recording")
                            || !attached.stderr().isEmpty(),
                    attached::toString);
        } finally {
            target.kill();
        }
    }

    private static void awaitRecording(Path dir, SampleProcess target, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!OffCpuCli.run(dir, "status", target.pid()).stdout().contains("recording since")) {
            assertTrue(System.nanoTime() < deadline, "pid " + target.pid() + " not recording after " + timeout);
            Thread.sleep(200);
        }
    }
}
