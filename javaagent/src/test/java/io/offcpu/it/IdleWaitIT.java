package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.samples.IdlePoolSample;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Thread pools waiting for work are {@code idle}, the pool task contending a lock is {@code lock}
 * ({@link IdlePoolSample} on JDK 17 and 25), and {@code report} counts the idle time apart.
 */
class IdleWaitIT {
    private static final String RUN_LENGTH = "4s";
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(90);
    /** Share of a thread's off-CPU time that must carry the expected reason (the rest: class loading, JIT, start-up). */
    private static final double MIN_SHARE = 0.95;

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestJdk.class)
    void idleWorkersAreIdleAndTheContenderWaitsForALock(TestJdk jdk, @TempDir Path work) throws Exception {
        BpfPrecondition.assumeBpfAvailable();
        SampleResult run = SampleLaunch.of(jdk, IdlePoolSample.class, work, RUN_LENGTH)
                .withAgent("1ms")
                .start()
                .awaitExit(EXIT_TIMEOUT);
        SampleReport sample = run.requireSuccess();
        Map<String, Long> tids = sample.threadIds();
        long holder = sample.threadId(IdlePoolSample.HOLDER_THREAD_NAME);
        long contender = sample.threadId(IdlePoolSample.CONTENDER_THREAD_NAME);
        // The fixed pool's workers that got no long task: they only ever wait for the scheduler's ticks.
        Set<Long> idleFixedWorkers = tids.entrySet().stream()
                .filter(e -> e.getKey().startsWith(IdlePoolSample.FIXED_WORKER_PREFIX))
                .map(Map.Entry::getValue)
                .filter(t -> t != holder && t != contender)
                .collect(Collectors.toSet());
        assertEquals(
                IdlePoolSample.FIXED_POOL_SIZE - 2, idleFixedWorkers.size(), () -> "idle fixed-pool workers " + tids);
        Set<Long> cachedWorkers = tidsNamed(tids, IdlePoolSample.CACHED_WORKER_PREFIX);
        Set<Long> scheduler = tidsNamed(tids, IdlePoolSample.SCHEDULER_PREFIX);
        Set<Long> forkJoin = tidsNamed(tids, IdlePoolSample.FORK_JOIN_THREAD_NAME);

        List<OffCpuEvent> events = OffCpuRecording.read(run.requireRecording());
        List<OffCpuEvent> contended = events.stream()
                .filter(e -> e.osThreadId() == contender)
                .filter(e -> e.hasJavaMethod(IdlePoolSample.class.getName(), IdlePoolSample.BLOCKING_METHOD))
                .toList();
        assertFalse(contended.isEmpty(), "no event of the contender in " + IdlePoolSample.BLOCKING_METHOD);
        assertAll(
                () -> assertShare(events, idleFixedWorkers, "idle", "ThreadPoolExecutor.getTask"),
                () -> assertShare(events, cachedWorkers, "idle", "ThreadPoolExecutor.getTask"),
                () -> assertShare(events, scheduler, "idle", "ScheduledThreadPoolExecutor$DelayedWorkQueue.take"),
                () -> assertShare(events, forkJoin, "idle", "ForkJoinPool.awaitWork"),
                () -> assertShare(contended, Set.of(contender), "lock", "j.u.c. lock"),
                () -> assertTrue(
                        contended.stream().noneMatch(e -> "idle".equals(e.reason())),
                        () -> "the contender's lock waits must never be idle: " + describe(contended)));

        OffCpuCli.Result report = OffCpuCli.run(work, "report", run.requireRecording());
        String byReason = report.stdout()
                .substring(
                        report.stdout().indexOf("By reason:"), report.stdout().indexOf("By state and syscall:"));
        String idleSection = report.stdout().substring(report.stdout().indexOf("Idle, waiting for work"));
        assertAll(
                () -> assertEquals(0, report.exitCode(), report::toString),
                () -> assertTrue(report.stdout().contains(" idle (waiting for work) in "), report::toString),
                () -> assertFalse(byReason.contains(" idle\n"), () -> "idle counted among the reasons:\n" + report),
                () -> assertTrue(idleSection.contains(" in ThreadPoolExecutor.getTask\n"), report::toString),
                () -> assertTrue(idleSection.contains(" in ForkJoinPool.awaitWork\n"), report::toString));
    }

    private static Set<Long> tidsNamed(Map<String, Long> tids, String prefix) {
        Set<Long> named = tids.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .map(Map.Entry::getValue)
                .collect(Collectors.toSet());
        assertFalse(named.isEmpty(), () -> "the sample printed no thread named " + prefix + "*: " + tids);
        return named;
    }

    /**
     * {@code reason}/{@code detail} cover at least 95% of the off-CPU time of these threads' waits,
     * leaving out preemptions and safepoint stops (the JVM's doing, not the pool's).
     */
    private static void assertShare(List<OffCpuEvent> events, Set<Long> threads, String reason, String detail) {
        List<OffCpuEvent> waits = events.stream()
                .filter(e -> threads.contains(e.osThreadId()))
                .filter(e -> !"preempted".equals(e.reason()) && !"safepoint".equals(e.reasonDetail()))
                .toList();
        long total = waits.stream().mapToLong(OffCpuEvent::durationNanos).sum();
        long right = waits.stream()
                .filter(e -> reason.equals(e.reason()) && detail.equals(e.reasonDetail()))
                .mapToLong(OffCpuEvent::durationNanos)
                .sum();
        assertTrue(
                total > 0 && right >= total * MIN_SHARE,
                () -> String.format(
                        "%s | %s covers %.1f%% of the %d ms off-CPU of threads %s, expected >= %.0f%%; others:%n%s",
                        reason,
                        detail,
                        total == 0 ? 0.0 : 100.0 * right / total,
                        total / 1_000_000,
                        threads,
                        100 * MIN_SHARE,
                        describe(waits.stream()
                                .filter(e -> !(reason.equals(e.reason()) && detail.equals(e.reasonDetail())))
                                .toList())));
    }

    private static String describe(List<OffCpuEvent> events) {
        return events.stream()
                .limit(5)
                .map(e -> "  " + e.reasonDetail() + " " + e.describe())
                .collect(Collectors.joining("\n"));
    }
}
