package io.offcpu.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chunks stay bounded, constants are written once per chunk, and nothing leaks between chunks. */
class ChunkBoundsTest {

    @TempDir
    Path dir;

    private final TickClock clock =
            TickClock.of(0, 1_700_000_000_000_000_000L, 1_000_000_000L, 1_700_000_000_000_000_000L - 5_000_000_000L);

    private static ThreadRef thread(int i) {
        return new ThreadRef(1000 + i, "comm-" + i, 10 + i, "java-" + i);
    }

    private static List<Frame> stack(int i) {
        return List.of(
                Frame.symbol("kernel", "schedule", FrameType.KERNEL),
                new Frame("io/offcpu/demo/Worker" + i, "run" + i, "()V", FrameType.INTERPRETED, i, i));
    }

    @Test
    void largeVolumesAreSplitIntoBoundedChunksThatAllReadBack() throws Exception {
        Path spool = dir.resolve("many.spool");
        int maxChunkBytes = 64 << 10;
        int events = 20_000;
        try (OffCpuChunkWriter w = new OffCpuChunkWriter(spool, clock, maxChunkBytes)) {
            for (int i = 0; i < events; i++) {
                int t = i % 97;
                w.write(new OffCpuEvent(
                        5_000_000_000L + i * 10_000L,
                        5_000,
                        thread(t),
                        stack(t),
                        false,
                        "S",
                        "futex",
                        100,
                        thread((t + 1) % 97),
                        t % 2,
                        5_000));
            }
        }
        List<RecordingFiles.Chunk> chunks = RecordingFiles.completeChunks(spool);
        assertTrue(chunks.size() >= 5, chunks.size() + " chunks");
        for (RecordingFiles.Chunk c : chunks) {
            assertTrue(
                    c.header().chunkSize() <= maxChunkBytes + 4096,
                    "chunk of " + c.header().chunkSize() + " bytes");
        }
        assertEquals(
                Files.size(spool),
                chunks.get(chunks.size() - 1).fileOffset()
                        + chunks.get(chunks.size() - 1).header().chunkSize());

        // Every event keeps its own thread, waker and stack across chunk boundaries (the JDK parser
        // carries constants from one chunk to the next by key).
        List<RecordedEvent> read = RecordingFile.readAllEvents(spool);
        assertEquals(events, read.size());
        for (RecordedEvent e : read) {
            long index =
                    (JvmRecordingFixture.epochNanos(e.getStartTime()) - clock.epochNanosAt(5_000_000_000L)) / 10_000;
            long t = index % 97; // the writer's choice for event number "index"
            assertEquals(1000 + t, e.getThread().getOSThreadId(), "event " + index);
            assertEquals("java-" + t, e.getThread().getJavaName());
            assertEquals(
                    "run" + t, e.getStackTrace().getFrames().get(1).getMethod().getName());
            assertEquals(1000 + (t + 1) % 97, ((jdk.jfr.consumer.RecordedThread) e.getValue("waker")).getOSThreadId());
        }
        assertSameThreadsInJdk25(spool);
    }

    private static void assertSameThreadsInJdk25(Path file) throws Exception {
        Path checker = Path.of("src/test/resources/PrintWithRecordingFile.java").toAbsolutePath();
        ExternalTool.Result r = ExternalTool.run(
                ExternalTool.JDK25_HOME.resolve("bin/java"), checker.toString(), file.toString(), "offcpu.OffCpu");
        assertEquals(0, r.exitCode(), r.output());
        int lines = 0;
        TickClock clock = TickClock.of(
                0, 1_700_000_000_000_000_000L, 1_000_000_000L, 1_700_000_000_000_000_000L - 5_000_000_000L);
        for (String line : r.output().split("\n")) {
            String[] f = line.split("\\|");
            long index = (Long.parseLong(f[1]) - clock.epochNanosAt(5_000_000_000L)) / 10_000;
            long t = index % 97;
            assertEquals(1000 + t, Long.parseLong(f[3]), line);
            assertEquals("java-" + t, f[4], line);
            assertEquals("schedule/Kernel", f[5], line);
            lines++;
        }
        assertEquals(20_000, lines);
    }

    @Test
    void repeatedThreadsAndStacksAreWrittenOncePerChunk() throws Exception {
        long oneEvent = chunkSizeFor(1, false);
        long sameThousand = chunkSizeFor(1000, false);
        long distinctThousand = chunkSizeFor(1000, true);
        long perEventSame = (sameThousand - oneEvent) / 999;
        long perEventDistinct = (distinctThousand - oneEvent) / 999;
        // A bare event (ids, times, keys, two short strings) is well under 64 bytes; the stack and thread
        // cost several times that when they are not shared.
        assertTrue(perEventSame < 64, perEventSame + " bytes per repeated event");
        assertTrue(perEventDistinct > 2 * perEventSame, perEventDistinct + " vs " + perEventSame);
    }

    private long chunkSizeFor(int count, boolean distinct) throws Exception {
        Path spool = Files.createTempFile(dir, "dedupe", ".spool");
        try (OffCpuChunkWriter w = new OffCpuChunkWriter(spool, clock)) {
            for (int i = 0; i < count; i++) {
                int k = distinct ? i : 0;
                w.write(new OffCpuEvent(
                        5_000_000_000L + i * 10_000L,
                        5_000,
                        thread(k),
                        SampleEvents.PARK_STACK.subList(0, 7).stream()
                                .map(f ->
                                        new Frame(f.className(), f.methodName() + k, f.descriptor(), f.type(), -1, -1))
                                .toList(),
                        false,
                        "S",
                        "futex",
                        100,
                        null,
                        0,
                        5_000));
            }
        }
        assertEquals(1, RecordingFiles.completeChunks(spool).size());
        assertEquals(count, RecordingFile.readAllEvents(spool).size());
        return Files.size(spool);
    }

    @Test
    void chunkLimitBelowTheMinimumIsRejected() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new OffCpuChunkWriter(dir.resolve("x"), clock, 1000));
        assertTrue(e.getMessage().contains(">= " + OffCpuChunkWriter.MIN_MAX_CHUNK_BYTES), e.getMessage());
    }

    @Test
    void flushWithoutEventsWritesNothingAndClosedWriterRefusesEvents() throws Exception {
        Path spool = dir.resolve("empty.spool");
        OffCpuChunkWriter w = new OffCpuChunkWriter(spool, clock);
        w.flushChunk();
        w.close();
        assertEquals(0, Files.size(spool));
        assertEquals(0, w.chunksWritten());
        assertThrows(java.io.IOException.class, () -> w.write(new OffCpuStatistics(1, 0, 0, 0, 0)));
    }
}
