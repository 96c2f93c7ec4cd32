package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.samples.SleepSample;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * JDK 25's {@code jfr view} shows our event types in a file that holds the JVM's recording followed by our
 * chunks ({@code jfr=default}), one row per event, and its built-in views of the JVM's events keep working
 * on the same file. Recorded on JDK 17 and on JDK 25 (the tool exists from JDK 21 on; it is JDK 25's).
 */
class JfrViewIT {
    private static final String RUN_LENGTH = "2s";
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(90);
    /** A row of a view starts with its start time (wide enough not to be cut: --width). */
    private static final Pattern ROW = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d", Pattern.MULTILINE);

    private static final List<String> OUR_TYPES =
            List.of("offcpu.OffCpu", "offcpu.Wakeup", "offcpu.Statistics", "offcpu.ThreadStatistics");

    @ParameterizedTest(name = "recorded on {0}")
    @EnumSource(TestJdk.class)
    void jfrViewShowsOurEventsAndTheJvmsViewsOnAMergedFile(TestJdk jdk, @TempDir Path work) throws Exception {
        BpfPrecondition.assumeBpfAvailable();
        SampleResult run = SampleLaunch.of(jdk, SleepSample.class, work, RUN_LENGTH)
                .withAgentOptions("threshold=1ms,jfr=default")
                .start()
                .awaitExit(EXIT_TIMEOUT);
        long pid = run.requireSuccess().pid();
        Path recording = run.requireRecording();
        Map<String, Long> counts = RecordingFile.readAllEvents(recording).stream()
                .collect(Collectors.groupingBy(e -> e.getEventType().getName(), Collectors.counting()));
        assertTrue(counts.getOrDefault("jdk.JVMInformation", 0L) > 0, () -> "not a merged file: " + counts.keySet());

        JdkTool.Output offCpu = view(work, recording, "offcpu.OffCpu");
        JdkTool.Output jvmInformation = view(work, recording, "jvm-information");
        JdkTool.Output byName = view(work, recording, "events-by-name");
        assertAll(
                () -> assertTrue(offCpu.stdout().contains(SleepSample.THREAD_NAME), offCpu::toString),
                () -> OUR_TYPES.forEach(type -> assertAll(() -> {
                    JdkTool.Output out = view(work, recording, type);
                    assertEquals(0, out.exitCode(), out::toString);
                    assertEquals("", out.stderr(), out::toString);
                    assertEquals(
                            counts.getOrDefault(type, 0L),
                            ROW.matcher(out.stdout()).results().count(),
                            () -> type + ": one row per event\n" + out);
                })),
                () -> assertTrue(
                        jvmInformation.stdout().contains(String.format(Locale.ROOT, "PID: %,d", pid)),
                        jvmInformation::toString),
                () -> assertTrue(
                        Pattern.compile("\\nOff-CPU +" + String.format(Locale.ROOT, "%,d", counts.get("offcpu.OffCpu"))
                                        + "\\n")
                                .matcher(byName.stdout())
                                .find(),
                        byName::toString));
    }

    private static JdkTool.Output view(Path work, Path recording, String view)
            throws IOException, InterruptedException {
        return JdkTool.run(
                List.of(TestJdk.JDK_25.jfrTool().toString(), "view", "--width", "400", view, recording.toString()),
                work);
    }
}
