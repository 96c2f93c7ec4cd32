package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.samples.KernelThreadId;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The integration tests' readers, checked on a recording the JDK itself writes: stand-in events named like
 * ours, committed by a known thread, must come back with that thread's tid, name, stack and duration from
 * the JDK parser, with the same count and thread from JMC's parser, and print with both JDKs' {@code jfr}.
 */
class OffCpuReadersTest {
    private static final String THREAD_NAME = "offcpu-reader-check";

    @Name(OffCpuRecording.OFF_CPU_EVENT)
    static final class StandInOffCpu extends Event {
        String syscall;
    }

    @Name(OffCpuRecording.STATISTICS_EVENT)
    static final class StandInStatistics extends Event {
        long switchesSeen;
    }

    @Test
    void readersSeeThreadStackAndDurationOfEvents(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("standin.jfr");
        CompletableFuture<Long> tid = new CompletableFuture<>();
        try (Recording recording = new Recording()) {
            recording.enable(StandInOffCpu.class);
            recording.enable(StandInStatistics.class);
            recording.start();
            Thread blocked = new Thread(
                    () -> {
                        tid.complete(KernelThreadId.current());
                        for (int i = 0; i < 3; i++) {
                            blockTwentyMillis();
                        }
                        StandInStatistics statistics = new StandInStatistics();
                        statistics.switchesSeen = 3;
                        statistics.commit();
                    },
                    THREAD_NAME);
            blocked.start();
            blocked.join();
            recording.stop();
            recording.dump(file);
        }

        List<OffCpuEvent> events = OffCpuRecording.read(file);
        assertEquals(3, events.size(), "events read by the JDK parser");
        for (OffCpuEvent event : events) {
            assertEquals(tid.get(), event.osThreadId(), event.describe());
            assertEquals(THREAD_NAME, event.javaName(), event.describe());
            assertEquals("futex", event.syscall(), event.describe());
            assertTrue(event.durationNanos() >= 20_000_000, event.describe());
            assertTrue(event.hasJavaMethod(OffCpuReadersTest.class.getName(), "blockTwentyMillis"), event.describe());
            assertEquals("blockTwentyMillis", event.topJavaFrame().orElseThrow().methodName(), event.describe());
        }
        assertEquals(1, OffCpuRecording.countStatistics(file));

        List<OffCpuEvent> seenByJmc = JmcRecording.read(file);
        assertEquals(3, seenByJmc.size(), "events read by JMC's parser");
        assertTrue(
                seenByJmc.stream()
                        .allMatch(e -> THREAD_NAME.equals(e.javaName())
                                && e.hasJavaMethod(OffCpuReadersTest.class.getName(), "blockTwentyMillis")),
                () -> seenByJmc.get(0).describe());

        for (TestJdk jdk : TestJdk.values()) {
            JdkTool.Output out = JfrPrintTool.printEvents(jdk, OffCpuRecording.OFF_CPU_EVENT, file);
            assertEquals(0, out.exitCode(), out::toString);
            assertTrue(
                    out.stdout().contains("\"" + THREAD_NAME + "\"")
                            && out.stdout().contains(OffCpuReadersTest.class.getName() + ".blockTwentyMillis("),
                    out::toString);
        }
    }

    private static void blockTwentyMillis() {
        StandInOffCpu event = new StandInOffCpu();
        event.begin();
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        event.syscall = "futex";
        event.commit();
    }
}
