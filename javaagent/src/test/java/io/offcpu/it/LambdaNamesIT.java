package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.samples.LambdaSample;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A hidden class (lambda, LambdaForm) has one name in our frames whether the frame was interpreted
 * (named through VMStructs) or compiled or inlined (named from the JIT code map), and it is the name
 * the JVM's own events of the same file give it ({@link LambdaSample} with {@code jfr=default}: its
 * sleeps are {@code jdk.ThreadSleep} events too), read with the JDK's parser of the JDK that recorded.
 */
class LambdaNamesIT {
    private static final String RUN_LENGTH = "4s";
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(90);
    /** The address HotSpot puts in a hidden class's name, whatever the separator before it. */
    private static final Pattern HIDDEN_ADDRESS = Pattern.compile("[+./](0x[0-9a-f]+)");

    private static final String SAMPLE_LAMBDA = LambdaSample.class.getName() + "$$Lambda";

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestJdk.class)
    void everyHiddenClassHasTheJvmsOneSpelling(TestJdk jdk, @TempDir Path work) throws Exception {
        BpfPrecondition.assumeBpfAvailable();
        SampleResult run = SampleLaunch.of(jdk, LambdaSample.class, work, RUN_LENGTH)
                .withAgentOptions("threshold=1ms,jfr=default")
                .start()
                .awaitExit(EXIT_TIMEOUT);
        run.requireSuccess();
        Path recording = run.requireRecording();
        // The file is read by the JDK that wrote it: its RecordingFile is the JVM's own view of its names.
        JdkTool.Output read = JdkTool.run(
                List.of(
                        jdk.java().toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        HiddenClassNamesOf.class.getName(),
                        recording.toString()),
                work);
        assertEquals(0, read.exitCode(), read::toString);
        Map<String, Set<String>> ours = new TreeMap<>();
        Map<String, Set<String>> jvms = new TreeMap<>();
        Set<String> ourSampleFrameTypes = new TreeSet<>();
        for (String line : read.stdout().split("\n")) {
            String[] cols = line.split("\t");
            if (cols.length != 4) {
                continue;
            }
            Map<String, Set<String>> side = cols[0].equals("ours") ? ours : jvms;
            side.computeIfAbsent(cols[1], k -> new TreeSet<>()).add(cols[2]);
            if (cols[0].equals("ours") && cols[2].startsWith(SAMPLE_LAMBDA)) {
                ourSampleFrameTypes.add(cols[3]);
            }
        }
        assertAll(
                () -> assertTrue(
                        ourSampleFrameTypes.contains("Interpreted"),
                        () -> "no interpreted frame of the " + "sample's lambdas in our events: " + ourSampleFrameTypes
                                + "\n" + read.stdout()),
                () -> assertTrue(
                        ourSampleFrameTypes.contains("Inlined") || ourSampleFrameTypes.contains("JIT compiled"),
                        () -> "no compiled frame of the sample's lambdas: " + ourSampleFrameTypes + "\n"
                                + read.stdout()),
                () -> ours.forEach((address, names) -> assertEquals(
                        1,
                        names.size(),
                        () -> "hidden class " + address + " under several names in our frames: " + names)),
                () -> ours.forEach((address, names) -> {
                    if (jvms.containsKey(address)) {
                        assertEquals(jvms.get(address), names, "our name of hidden class " + address + " vs the JVM's");
                    }
                }),
                () -> ours.entrySet().stream()
                        .filter(e -> e.getValue().iterator().next().startsWith(SAMPLE_LAMBDA))
                        .forEach(e -> assertTrue(
                                jvms.containsKey(e.getKey()),
                                () -> "the JVM's events do not name the sample's " + e.getValue() + ":\n" + jvms)),
                () -> assertFalse(ours.isEmpty(), "no hidden class in our frames"));
    }

    /**
     * Run on the JDK under test: prints {@code ours|jvm <tab> address <tab> class name <tab> frame type} for
     * every frame of a hidden class, ours being the {@code offcpu.*} events.
     */
    public static final class HiddenClassNamesOf {
        public static void main(String[] args) throws Exception {
            Set<String> lines = new TreeSet<>();
            for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
                if (e.getStackTrace() == null) {
                    continue;
                }
                String side = e.getEventType().getName().startsWith("offcpu.") ? "ours" : "jvm";
                for (RecordedFrame f : e.getStackTrace().getFrames()) {
                    if (f.getMethod() == null || f.getMethod().getType() == null) {
                        continue;
                    }
                    String name = f.getMethod().getType().getName();
                    Matcher m = HIDDEN_ADDRESS.matcher(name);
                    if (m.find()) {
                        lines.add(side + "\t" + m.group(1) + "\t" + name + "\t" + f.getType());
                    }
                }
            }
            lines.forEach(System.out::println);
        }
    }
}
