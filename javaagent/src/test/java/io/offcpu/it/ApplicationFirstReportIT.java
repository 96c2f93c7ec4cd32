package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.cli.ReportFlameGraphs;
import io.offcpu.samples.CpuOversubscriptionSample;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code report} leads with the application: on a recording of spinning threads (they leave the CPU only
 * when preempted) whose JVM's own threads wait far longer for work, the tables by thread and by stack
 * start with the spinners and end in one "JVM internal threads" row; the flame graph draws the JVM's
 * threads as one tower. {@code --all-threads} shows them one by one.
 */
class ApplicationFirstReportIT {
    private static final String RUN_LENGTH = "4s";
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(90);
    private static final String GROUP = "JVM internal threads";
    private static final Pattern ROW =
            Pattern.compile("^ +[\\d,.]+ ms +[\\d.]+% +[\\d,]+  (\\S.*)$", Pattern.MULTILINE);
    private static final Pattern TOTALS =
            Pattern.compile("Off-CPU time: ([\\d,.]+) ms in [\\d,]+ events, besides ([\\d,.]+) ms idle");

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestJdk.class)
    void theApplicationsThreadsComeFirstAndTheJvmsAreOneGroup(TestJdk jdk, @TempDir Path work) throws Exception {
        BpfPrecondition.assumeBpfAvailable();
        SampleResult run = SampleLaunch.of(jdk, CpuOversubscriptionSample.class, work, RUN_LENGTH)
                .withAgentOptions("threshold=1ms,jfr=default")
                .start()
                .awaitExit(EXIT_TIMEOUT);
        run.requireSuccess();
        Path recording = run.requireRecording();
        Path html = work.resolve("flame.html");

        OffCpuCli.Result byDefault = OffCpuCli.run(work, "report", recording, "--html", html);
        OffCpuCli.Result all = OffCpuCli.run(work, "report", recording, "--all-threads");
        assertEquals(0, byDefault.exitCode(), byDefault::toString);
        assertEquals(0, all.exitCode(), all::toString);
        Matcher totals = TOTALS.matcher(byDefault.stdout());
        assertTrue(totals.find(), byDefault::toString);
        // What makes the order matter: the JVM's threads wait for work longer than the spinners are preempted.
        assertTrue(millis(totals.group(2)) > millis(totals.group(1)), byDefault::toString);

        List<String> byThread = rows(byDefault.stdout(), "By thread");
        List<String> stacks = rows(byDefault.stdout(), "Top blocked stacks");
        String stacksSection = byDefault.stdout().substring(byDefault.stdout().indexOf("\nTop blocked stacks"));
        List<String> idle = rows(byDefault.stdout(), "Idle, waiting for work");
        List<String> allByThread = rows(all.stdout(), "By thread");
        Map<String, Long> towers = ReportFlameGraphs.collapsed(html);
        assertAll(
                () -> assertTrue(
                        byThread.stream().anyMatch(r -> r.startsWith(CpuOversubscriptionSample.THREAD_PREFIX)),
                        byDefault::toString),
                () -> assertTrue(
                        byThread.subList(0, byThread.size() - 1).stream()
                                .allMatch(r -> r.startsWith(CpuOversubscriptionSample.THREAD_PREFIX)
                                        || r.startsWith("main (")),
                        () -> "only the application's threads before the group row:\n" + byDefault),
                () -> assertTrue(byThread.get(byThread.size() - 1).startsWith(GROUP + " ("), byDefault::toString),
                () -> assertTrue(
                        stacksSection.indexOf(CpuOversubscriptionSample.BLOCKING_METHOD) >= 0
                                && stacksSection.indexOf(CpuOversubscriptionSample.BLOCKING_METHOD)
                                        < stacksSection.indexOf(GROUP),
                        () -> "the spinners' stack before the JVM's:\n" + byDefault),
                () -> assertTrue(stacks.get(stacks.size() - 1).startsWith(GROUP + " ("), byDefault::toString),
                () -> assertTrue(idle.get(idle.size() - 1).startsWith(GROUP + " ("), byDefault::toString),
                () -> assertFalse(all.stdout().contains(GROUP + " ("), all::toString),
                () -> assertTrue(
                        allByThread.stream()
                                .anyMatch(
                                        r -> r.startsWith("VM Thread") || r.startsWith("G1 ") || r.startsWith("JFR ")),
                        all::toString),
                () -> assertTrue(towers.containsKey("[" + GROUP + "]"), towers::toString),
                () -> assertTrue(
                        towers.keySet().stream()
                                .noneMatch(s -> s.startsWith("[VM Thread ") || s.startsWith("[GC Thread")),
                        towers::toString));
    }

    /** The first line of each row of a section ("By thread: (top 10 of 29)" up to the next blank line). */
    private static List<String> rows(String report, String section) {
        int start = report.indexOf("\n" + section);
        assertTrue(start >= 0, () -> "no section " + section + " in\n" + report);
        int end = report.indexOf("\n\n", start + 1);
        Matcher m = ROW.matcher(report.substring(start, end < 0 ? report.length() : end));
        List<String> rows = new java.util.ArrayList<>();
        while (m.find()) {
            rows.add(m.group(1));
        }
        assertFalse(rows.isEmpty(), () -> "no rows in section " + section + " of\n" + report);
        return rows;
    }

    private static double millis(String printed) {
        return Double.parseDouble(printed.replace(",", ""));
    }
}
