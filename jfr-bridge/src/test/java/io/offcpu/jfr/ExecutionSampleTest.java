package io.offcpu.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.ItemFilters;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;

/** On-CPU samples written as jdk.ExecutionSample read back like the JVM's own, by the JDK and JMC. */
class ExecutionSampleTest {
    private static final long EPOCH_AT_ZERO_TICKS = 1_700_000_000_000_000_000L;

    @Test
    void samplesReadBackWithThreadStackAndState(@TempDir Path dir) throws Exception {
        TickClock clock = TickClock.of(0, EPOCH_AT_ZERO_TICKS, 1_000_000_000L, EPOCH_AT_ZERO_TICKS);
        ThreadRef worker = new ThreadRef(4242, "worker-1", 17, "worker-1");
        List<Frame> stack = List.of(
                new Frame("com/example/Hot", "spin", "(I)I", FrameType.JIT_COMPILED, 42, 7),
                new Frame("java/lang/Thread", "run", "()V", FrameType.INTERPRETED, 829, 11));
        Path spool = dir.resolve("samples.jfr");
        try (OffCpuChunkWriter w = new OffCpuChunkWriter(spool, clock)) {
            w.write(new ExecutionSample(5_000_000L, worker, stack, false, "STATE_RUNNABLE"));
            w.write(new ExecutionSample(15_000_000L, worker, stack, false, "STATE_RUNNABLE"));
        }

        List<RecordedEvent> events = RecordingFile.readAllEvents(spool).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.ExecutionSample"))
                .toList();
        assertEquals(2, events.size());
        RecordedEvent first = events.get(0);
        assertEquals(Instant.ofEpochSecond(0, EPOCH_AT_ZERO_TICKS + 5_000_000L), first.getStartTime());
        assertEquals(4242, first.getThread("sampledThread").getOSThreadId());
        assertEquals("worker-1", first.getThread("sampledThread").getJavaName());
        assertEquals(
                "spin", first.getStackTrace().getFrames().get(0).getMethod().getName());
        assertEquals(
                "com.example.Hot",
                first.getStackTrace().getFrames().get(0).getMethod().getType().getName());
        assertEquals(42, first.getStackTrace().getFrames().get(0).getLineNumber());
        assertEquals("STATE_RUNNABLE", first.getString("state"));

        IItemCollection items = JfrLoaderToolkit.loadEvents(spool.toFile());
        assertTrue(items.apply(ItemFilters.type("jdk.ExecutionSample")).hasItems(), "JMC sees the samples");
    }
}
