package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.cli.ReportFlameGraphs;
import io.offcpu.samples.AllSamples;
import io.offcpu.samples.MonitorSample;
import io.offcpu.samples.SleepSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code java -jar offcpu.jar report} on a recording the real agent made of the samples with
 * {@code jfr=profile}: what it prints and draws must agree with the events summed independently through
 * the JDK's {@code RecordingFile}, and jfr-converter's own HTML parser must read the flame graphs back.
 * The monitor sample's waiter must be shown woken by the holder, in its synchronized method.
 */
class ReportIT {
    private static final String RUN_LENGTH = "4s";
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(90);
    /** JFR's profile settings sample Java threads every 10 ms (lib/jfr/profile.jfc of JDK 17 and 25). */
    private static final long PROFILE_SAMPLE_PERIOD_NANOS = 10_000_000L;
    /** The report prints milliseconds with one decimal. */
    private static final double PRINTED_MS_TOLERANCE = 0.05 + 1e-9;

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestJdk.class)
    void reportAgreesWithTheEventsInTheRecording(TestJdk jdk, @TempDir Path work) throws Exception {
        BpfPrecondition.assumeBpfAvailable();
        SampleResult run = SampleLaunch.of(jdk, AllSamples.class, work, RUN_LENGTH)
                .withAgentOptions("threshold=1ms,jfr=profile")
                .start()
                .awaitExit(EXIT_TIMEOUT);
        SampleReport sample = run.requireSuccess();
        Path recording = run.requireRecording();
        long sleeperTid = sample.threadId(SleepSample.THREAD_NAME);
        Oracle oracle = Oracle.read(recording, sleeperTid);
        assertFalse(oracle.offCpuCount == 0, "the agent recorded no offcpu.OffCpu event");

        Path flame = work.resolve("flame.html");
        Report text = report(jdk, work, recording.toString(), "--html", flame.toString(), "--top", "50");
        Report sleeper = report(jdk, work, recording.toString(), "--thread", "^" + SleepSample.THREAD_NAME + "$");
        Path wall = work.resolve("wall.html");
        Report wallRun = report(jdk, work, recording.toString(), "--html", wall.toString(), "--wall");

        assertAll(
                () -> assertPrintedMillis(
                        oracle.offCpuWeightNanos - oracle.idleWeightNanos,
                        text.group(TOTAL, 1),
                        "total without the idle time\n" + text),
                () -> assertEquals(
                        oracle.offCpuCount - oracle.idleCount,
                        parseCount(text.group(TOTAL, 2)),
                        "event count without the idle events\n" + text),
                () -> assertPrintedMillis(oracle.idleWeightNanos, text.group(IDLE_TOTAL, 1), "idle total\n" + text),
                () -> assertEquals(oracle.idleCount, parseCount(text.group(IDLE_TOTAL, 2)), "idle events\n" + text),
                () -> assertPrintedMillis(
                        oracle.sleeperWeightNanos, sleeper.group(TOTAL, 1), "sleeper total\n" + sleeper),
                () -> assertEquals(
                        oracle.sleeperCount, parseCount(sleeper.group(TOTAL, 2)), "sleeper events\n" + sleeper),
                () -> assertPrintedMillis(
                        oracle.sleeperWeightNanos,
                        text.group(
                                Pattern.compile("\\n +([\\d,.]+) ms +[\\d.]+% +[\\d,]+  " + SleepSample.THREAD_NAME
                                        + " \\(tid " + sleeperTid + "\\)\\n"),
                                1),
                        "By thread row of the sleeper\n" + text),
                () -> assertTrue(
                        text.stdout.contains(oracle.statisticsLine()),
                        () -> "expected '" + oracle.statisticsLine() + "'\n" + text),
                () -> assertTrue(
                        text.stdout.contains("<- io.offcpu.samples.SleepSample." + SleepSample.BLOCKING_METHOD),
                        () -> "no top stack through the sleep sample\n" + text));

        String page = Files.readString(flame);
        Map<String, Long> stacks = ReportFlameGraphs.collapsed(flame);
        assertAll(
                () -> assertTrue(page.contains(SleepSample.BLOCKING_METHOD), "the HTML names the sample's method"),
                () -> assertTrue(page.contains("parkTwentyMillis"), "the HTML names the park sample's method"),
                () -> assertEquals(
                        oracle.offCpuWeightNanos,
                        ReportFlameGraphs.total(stacks),
                        "the flame graph's total weight (ns)"),
                () -> assertTrue(
                        stacks.keySet().stream()
                                .anyMatch(s -> s.startsWith("[" + SleepSample.THREAD_NAME + " tid=" + sleeperTid + "];")
                                        && s.contains("SleepSample." + SleepSample.BLOCKING_METHOD)),
                        "a stack of the sleeper thread through sleepFiftyMillis"));

        assertTrue(oracle.executionSamples > 0, "jfr=profile recorded no jdk.ExecutionSample in " + RUN_LENGTH);
        Map<String, Long> wallStacks = ReportFlameGraphs.collapsed(wall);
        long onCpu = sum(wallStacks, s -> s.endsWith(";[on-cpu]"));
        long offCpu = sum(wallStacks, s -> s.contains(";[off-cpu: ") || s.startsWith("[off-cpu: "));
        assertAll(
                () -> assertEquals(
                        oracle.executionSamples * PROFILE_SAMPLE_PERIOD_NANOS,
                        onCpu,
                        "on-CPU weight = samples x period\n" + wallRun),
                () -> assertEquals(oracle.offCpuWeightNanos, offCpu, "off-CPU weight in the wall graph"),
                () -> assertEquals(
                        onCpu + offCpu,
                        ReportFlameGraphs.total(wallStacks),
                        "every stack ends in [on-cpu] or [off-cpu: ...]"),
                () -> assertTrue(
                        wallStacks.keySet().stream()
                                .anyMatch(s -> s.contains(SleepSample.BLOCKING_METHOD) && s.contains("[off-cpu: ")),
                        "off-CPU frames of the sleep sample"),
                // The samples mostly block, so which Java code JFR's 10 ms sampler catches running is luck
                // (sometimes only the agent's start-up): any on-CPU stack will do.
                () -> assertTrue(
                        oracle.executionSamples > 0
                                && wallStacks.keySet().stream().anyMatch(s -> s.endsWith("[on-cpu]")),
                        "on-CPU stacks in the wall graph"));

        assertMonitorWaiterWokenByTheHolder(jdk, work, recording, sample);
    }

    /**
     * The waiter's lock waits: the report's top waker is the holder, with the time and count of the events
     * it ended, and its stack at the wakeup is in the holder's synchronized method; the {@code --wakers}
     * graph puts exactly the time whose linked offcpu.Wakeup stack holds that method under the holder.
     */
    private static void assertMonitorWaiterWokenByTheHolder(TestJdk jdk, Path work, Path recording, SampleReport sample)
            throws Exception {
        long waiter = sample.threadId(MonitorSample.WAITER_THREAD_NAME);
        long holder = sample.threadId(MonitorSample.HOLDER_THREAD_NAME);
        WakerOracle oracle = WakerOracle.read(recording, waiter, holder);
        assertEquals(
                holder,
                oracle.topWakerTid(),
                () -> "the holder ends the most waiting of the waiter (sample " + "behaviour, oracle by waker tid: "
                        + oracle.nanosByWakerTid + ")");

        Path graph = work.resolve("wakers.html");
        Report report = report(
                jdk,
                work,
                recording.toString(),
                "--thread",
                "^" + MonitorSample.WAITER_THREAD_NAME + "$",
                "--reason",
                "lock",
                "--top",
                "50",
                "--html",
                graph.toString(),
                "--wakers");
        String section = report.group(WAKER_SECTION, 0);
        List<MatchResult> wakerRows = WAKER_ROW.matcher(section).results().toList();
        assertFalse(wakerRows.isEmpty(), () -> "no waker row in\n" + report);
        MatchResult top = wakerRows.get(0);
        String holderBlock = section.substring(
                top.end(), wakerRows.size() > 1 ? wakerRows.get(1).start() : section.length());
        Matcher firstStack = STACK_ROW.matcher(holderBlock);
        String holderLabel = MonitorSample.HOLDER_THREAD_NAME + " (tid " + holder + ") woke "
                + MonitorSample.WAITER_THREAD_NAME + " (tid " + waiter + ")";
        long printedWakerRowsNanos = wakerRows.stream()
                .mapToLong(r -> Math.round(Double.parseDouble(r.group(1).replace(",", "")) * 1e6))
                .sum();
        assertAll(
                () -> assertEquals(holderLabel, top.group(3), "the first waker row\n" + report),
                () -> assertPrintedMillis(
                        oracle.nanosByWakerTid.get(holder), top.group(1), "holder row time\n" + report),
                () -> assertEquals(
                        oracle.countByWakerTid.get(holder).longValue(),
                        parseCount(top.group(2)),
                        "holder row count\n" + report),
                () -> assertTrue(
                        firstStack.find()
                                && Pattern.compile("\\n +<- io\\.offcpu\\.samples\\.MonitorSample\\."
                                                + MonitorSample.HOLDER_METHOD + ":\\d+\\n")
                                        .matcher(firstStack.group() + "\n")
                                        .find(),
                        () -> "the holder's top waker stack is in " + MonitorSample.HOLDER_METHOD + ", with its line\n"
                                + report),
                // Each row is rounded to 0.1 ms.
                () -> assertEquals(
                        oracle.waiterLockNanos / 1e6,
                        printedWakerRowsNanos / 1e6,
                        wakerRows.size() * PRINTED_MS_TOLERANCE,
                        "waker rows add up to the selected total\n" + report));

        Map<String, Long> stacks = ReportFlameGraphs.collapsed(graph);
        String holderRoot = "[" + MonitorSample.HOLDER_THREAD_NAME + " tid=" + holder + "];";
        String wokeWaiter = ";[woke " + MonitorSample.WAITER_THREAD_NAME + " tid=" + waiter + "]";
        assertAll(
                () -> assertEquals(oracle.waiterLockNanos, ReportFlameGraphs.total(stacks), "the wakers graph's total"),
                () -> assertEquals(
                        oracle.nanosByWakerTid.get(holder),
                        sum(stacks, s -> s.startsWith(holderRoot)),
                        "under the holder's root"),
                () -> assertEquals(
                        oracle.holderInMethodNanos,
                        sum(
                                stacks,
                                s -> s.startsWith(holderRoot)
                                        && s.contains("MonitorSample." + MonitorSample.HOLDER_METHOD)),
                        "under the holder, through " + MonitorSample.HOLDER_METHOD),
                () -> assertTrue(
                        oracle.holderInMethodNanos > oracle.nanosByWakerTid.get(holder) / 2,
                        "most of the holder's wakeups carry its stack in " + MonitorSample.HOLDER_METHOD),
                () -> assertEquals(
                        ReportFlameGraphs.total(stacks),
                        sum(stacks, s -> s.endsWith(wokeWaiter)),
                        "every stack ends in " + wokeWaiter));
    }

    private static final Pattern WAKER_SECTION = Pattern.compile("(?s)Who woke them:.*?\\n\\n");
    /** A waker row: time, count, label (two spaces after the count; its stack rows have four). */
    private static final Pattern WAKER_ROW = Pattern.compile("(?m)^ +([\\d,.]+) ms +[\\d.]+% +([\\d,]+)  (\\S.*)$");
    /** A stack row under a waker, with the lines that continue it. */
    private static final Pattern STACK_ROW =
            Pattern.compile("(?m)^ +[\\d,.]+ ms +[\\d.]+% +[\\d,]+    (woke .* )?at .*(\\n {20,}<- .*)*");

    /** The monitor waiter's lock waits by waker, through the JDK's parser, and their linked waker stacks. */
    private static final class WakerOracle {
        final Map<Long, Long> nanosByWakerTid = new HashMap<>();
        final Map<Long, Long> countByWakerTid = new HashMap<>();
        long waiterLockNanos;
        long holderInMethodNanos;

        static WakerOracle read(Path recording, long waiter, long holder) throws IOException {
            List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
            Map<Long, RecordedEvent> wakeups = new HashMap<>();
            for (RecordedEvent e : events) {
                if (e.getEventType().getName().equals("offcpu.Wakeup")) {
                    wakeups.put(e.getLong("wakeupId"), e);
                }
            }
            WakerOracle o = new WakerOracle();
            for (RecordedEvent e : events) {
                if (!e.getEventType().getName().equals("offcpu.OffCpu")
                        || e.getThread().getOSThreadId() != waiter
                        || !"lock".equals(e.getString("reason"))) {
                    continue;
                }
                long weight = e.getDuration("weight").toNanos();
                RecordedThread waker = e.getThread("waker");
                long wakerTid = waker == null ? 0 : waker.getOSThreadId();
                o.waiterLockNanos += weight;
                o.nanosByWakerTid.merge(wakerTid, weight, Long::sum);
                o.countByWakerTid.merge(wakerTid, 1L, Long::sum);
                RecordedEvent wakeup = wakeups.get(e.getLong("wakeupId"));
                if (wakerTid == holder
                        && e.getLong("wakeupId") != 0
                        && wakeup != null
                        && wakeup.getThread().getOSThreadId() == holder
                        && wakeup.getStackTrace() != null
                        && wakeup.getStackTrace().getFrames().stream()
                                .anyMatch(f -> f.getMethod() != null
                                        && f.getMethod().getName().equals(MonitorSample.HOLDER_METHOD)
                                        && f.getMethod().getType().getName().equals(MonitorSample.class.getName()))) {
                    o.holderInMethodNanos += weight;
                }
            }
            return o;
        }

        long topWakerTid() {
            return nanosByWakerTid.entrySet().stream()
                    .max(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey)
                    .orElse(-1L);
        }
    }

    private static final Pattern TOTAL = Pattern.compile("Off-CPU time: ([\\d,.]+) ms in ([\\d,]+) events");
    private static final Pattern IDLE_TOTAL =
            Pattern.compile("Off-CPU time: .*, besides ([\\d,.]+) ms idle \\(waiting for work\\) in ([\\d,]+) events");

    /** Sums of the recording's events through the JDK's parser, not ours. */
    private static final class Oracle {
        long offCpuCount;
        long offCpuWeightNanos;
        long idleCount;
        long idleWeightNanos;
        long sleeperCount;
        long sleeperWeightNanos;
        long executionSamples;
        RecordedEvent lastStatistics;

        static Oracle read(Path recording, long sleeperTid) throws IOException {
            Oracle o = new Oracle();
            for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
                switch (e.getEventType().getName()) {
                    case "offcpu.OffCpu" -> {
                        long weight = e.getDuration("weight").toNanos();
                        o.offCpuCount++;
                        o.offCpuWeightNanos += weight;
                        if ("idle".equals(e.getString("reason"))) {
                            o.idleCount++;
                            o.idleWeightNanos += weight;
                        }
                        if (e.getThread().getOSThreadId() == sleeperTid) {
                            o.sleeperCount++;
                            o.sleeperWeightNanos += weight;
                        }
                    }
                    case "jdk.ExecutionSample" -> o.executionSamples++;
                    case "offcpu.Statistics" -> {
                        if (o.lastStatistics == null || !e.getStartTime().isBefore(o.lastStatistics.getStartTime())) {
                            o.lastStatistics = e;
                        }
                    }
                    default -> {}
                }
            }
            return o;
        }

        String statisticsLine() {
            return String.format(
                    Locale.ROOT,
                    "switches seen %,d, episodes emitted %,d, records dropped %,d, " + "stacks failed %,d",
                    lastStatistics.getLong("switchesSeen"),
                    lastStatistics.getLong("episodesEmitted"),
                    lastStatistics.getLong("recordsDropped"),
                    lastStatistics.getLong("stacksFailed"));
        }
    }

    private record Report(String stdout, String stderr) {
        String group(Pattern pattern, int group) {
            Matcher m = pattern.matcher(stdout);
            assertTrue(m.find(), () -> "no match for " + pattern + " in\n" + this);
            return m.group(group);
        }

        @Override
        public String toString() {
            return "stdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    /** {@code java -jar offcpu.jar report ...} on the given JDK: the shaded jar users run. */
    private static Report report(TestJdk jdk, Path work, String... args) throws Exception {
        List<String> command = new ArrayList<>(
                List.of(jdk.java().toString(), "-jar", TestArtifacts.agentJar().toString(), "report"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "report", ".out");
        Path err = Files.createTempFile(work, "report", ".err");
        Process p = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "report did not finish in 60 s: " + command);
        Report report = new Report(Files.readString(out), Files.readString(err));
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + "\n" + report);
        return report;
    }

    private static void assertPrintedMillis(long expectedNanos, String printed, String what) {
        double printedMs = Double.parseDouble(printed.replace(",", ""));
        assertEquals(expectedNanos / 1e6, printedMs, PRINTED_MS_TOLERANCE, what);
    }

    private static long parseCount(String printed) {
        return Long.parseLong(printed.replace(",", ""));
    }

    private static long sum(Map<String, Long> stacks, java.util.function.Predicate<String> which) {
        return stacks.entrySet().stream()
                .filter(e -> which.test(e.getKey()))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }
}
