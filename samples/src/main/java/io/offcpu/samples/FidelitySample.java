package io.offcpu.samples;

import io.offcpu.samples.fidelity.TruthFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The workload of the stack fidelity benchmark (docs/ARCHITECTURE.md, Goals): threads that block 3–8 ms at a time at known
 * points reached through varied Java stacks, each recording its own stack just before it blocks (the truth
 * a profiler's stack for that episode is compared with, see {@code io.offcpu.samples.fidelity}).
 *
 * <table>
 * <tr><th>thread</th><th>stacks</th><th>blocks in</th></tr>
 * <tr><td>{@value RecursionWorkload#THREAD_NAME}</td><td>recursion 1–24 deep, mutual and direct, hot
 *     (C2, recursive inlining)</td><td>parkNanos</td></tr>
 * <tr><td>{@value StreamWorkload#THREAD_NAME}</td><td>lambdas, method references, streams, Optional,
 *     Function.andThen</td><td>Thread.sleep</td></tr>
 * <tr><td>{@value InlinedWorkload#THREAD_NAME}</td><td>a chain of tiny hot methods C2 inlines</td>
 *     <td>Object.wait</td></tr>
 * <tr><td>{@value ColdWorkload#THREAD_NAME}</td><td>16 methods each called too rarely to be compiled</td>
 *     <td>parkNanos</td></tr>
 * <tr><td>{@value DeoptWorkload#THREAD_NAME}</td><td>an interface call site that goes mono-, bi-, then
 *     megamorphic with classes loaded late, and a branch first taken late (uncommon traps, recompiles)</td>
 *     <td>parkNanos</td></tr>
 * </table>
 *
 * <p>Arguments: run length (default 10 s) and the truth file (default {@code fidelity-truths.txt}),
 * which is replaced. Each thread appends its truths when it stops (see {@link TruthFile}).
 */
public final class FidelitySample implements Sample {
    static final long PARK_NANOS = Duration.ofMillis(3).toNanos();
    static final long SLEEP_MILLIS = 3;

    private final TruthFile truths;
    private final Duration duration;

    FidelitySample(TruthFile truths, Duration duration) {
        this.truths = truths;
        this.duration = duration;
    }

    public static void main(String[] args) throws Exception {
        AgentStart.awaitRecording(); // the clock event below must reach the agent's JVM recording
        Duration duration = SampleDuration.fromArgs(args, Duration.ofSeconds(10));
        Path truthPath =
                Path.of(args.length > 1 ? args[1] : "fidelity-truths.txt").toAbsolutePath();
        Files.deleteIfExists(truthPath);
        System.out.println(SampleRunner.LINE_PREFIX + "truths=" + truthPath);
        FidelityClockEvent.commitNow();
        SampleRunner.main(
                new String[] {duration.toMillis() + "ms"},
                "FidelitySample",
                duration,
                new FidelitySample(new TruthFile(truthPath), duration));
    }

    @Override
    public void start(SampleRunner runner) {
        loop(runner, RecursionWorkload.THREAD_NAME, "park", r -> new RecursionWorkload(r)::blockOnce);
        loop(runner, StreamWorkload.THREAD_NAME, "sleep", r -> new StreamWorkload(r)::blockOnce);
        loop(runner, InlinedWorkload.THREAD_NAME, "wait", r -> new InlinedWorkload(r)::blockOnce);
        loop(runner, ColdWorkload.THREAD_NAME, "park", r -> new ColdWorkload(r)::blockOnce);
        loop(runner, DeoptWorkload.THREAD_NAME, "park", r -> new DeoptWorkload(r, duration)::blockOnce);
    }

    private void loop(
            SampleRunner runner,
            String threadName,
            String blockKind,
            java.util.function.Function<StackTruthRecorder, BlockingCall> workload) {
        StackTruthRecorder recorder = new StackTruthRecorder(truths, blockKind);
        runner.startLoop(threadName, workload.apply(recorder), Duration.ZERO, () -> {
            FidelityClockEvent.commitNow();
            recorder.close();
        });
    }
}
