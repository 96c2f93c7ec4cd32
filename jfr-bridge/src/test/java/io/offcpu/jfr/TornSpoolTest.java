package io.offcpu.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A crash while a chunk is being appended must not cost the chunks already on disk. */
class TornSpoolTest {

    @TempDir
    Path dir;

    private final TickClock clock =
            TickClock.of(0, 1_700_000_000_000_000_000L, 1_000_000_000L, 1_700_000_000_000_000_000L - 5_000_000_000L);

    /** Three chunks of 10 events each; returns the file length after each flush. */
    private long[] writeThreeChunks(Path spool) throws IOException {
        long[] ends = new long[3];
        try (OffCpuChunkWriter w = new OffCpuChunkWriter(spool, clock)) {
            for (int chunk = 0; chunk < 3; chunk++) {
                for (int i = 0; i < 10; i++) {
                    long start = 5_000_000_000L + chunk * 1_000_000_000L + i * 1_000_000L;
                    w.write(new OffCpuEvent(
                            start,
                            500_000,
                            new ThreadRef(100 + chunk, "t" + chunk, 0, null),
                            SampleEvents.PARK_STACK,
                            false,
                            "S",
                            "futex",
                            0,
                            null,
                            0,
                            500_000));
                }
                w.flushChunk();
                ends[chunk] = Files.size(spool);
            }
        }
        return ends;
    }

    private static void truncate(Path file, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(length);
        }
    }

    private static List<RecordedEvent> readUntilError(Path file) {
        List<RecordedEvent> events = new ArrayList<>();
        try (RecordingFile f = new RecordingFile(file)) {
            while (f.hasMoreEvents()) {
                events.add(f.readEvent());
            }
        } catch (IOException expectedAtTheTornChunk) {
            // what a reader sees where the crash cut the file
        }
        return events;
    }

    @Test
    void halfWrittenThirdChunkLeavesTheFirstTwoReadable() throws Exception {
        Path spool = dir.resolve("torn.spool");
        long[] ends = writeThreeChunks(spool);
        truncate(spool, ends[1] + (ends[2] - ends[1]) / 2);

        assertEquals(2, RecordingFiles.completeChunks(spool).size());
        // Even the JDK reader on the raw torn file gets the first two chunks before it stops (JDK 17
        // also returns the torn chunk's first events, which lack their constants).
        List<RecordedEvent> raw = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> readUntilError(spool));
        assertTrue(raw.size() >= 20, raw.size() + " events");
        for (int i = 0; i < 20; i++) {
            assertEquals(100 + i / 10, raw.get(i).getThread().getOSThreadId(), "event " + i);
        }

        Path out = dir.resolve("recovered.jfr");
        RecordingFiles.MergeResult r = RecordingFiles.mergeAtomically(null, spool, out);
        assertEquals(2, r.offCpuChunks());
        assertEquals((ends[2] - ends[1]) / 2, r.bytesDiscarded());
        List<RecordedEvent> events = RecordingFile.readAllEvents(out);
        assertEquals(20, events.size());
        assertTrue(events.stream()
                .allMatch(e ->
                        e.getThread().getOSThreadId() == 100 || e.getThread().getOSThreadId() == 101));
        ExternalTool.Result print = ExternalTool.run(ExternalTool.JDK17_JFR, "print", out.toString());
        assertEquals(0, print.exitCode(), print.output());
    }

    @Test
    void garbageAfterTwoChunksIsLeftOut() throws Exception {
        Path spool = dir.resolve("garbage.spool");
        long[] ends = writeThreeChunks(spool);
        truncate(spool, ends[1]);
        byte[] garbage = new byte[1000];
        new Random(42).nextBytes(garbage);
        Files.write(spool, garbage, StandardOpenOption.APPEND);

        Path out = dir.resolve("recovered.jfr");
        RecordingFiles.MergeResult r = RecordingFiles.mergeAtomically(null, spool, out);
        assertEquals(2, r.offCpuChunks());
        assertEquals(1000, r.bytesDiscarded());
        assertEquals(ends[1], Files.size(out));
        assertEquals(20, RecordingFile.readAllEvents(out).size());
    }

    @Test
    void headerOnlyChunkIsNotComplete() throws Exception {
        Path spool = dir.resolve("header-only.spool");
        long[] ends = writeThreeChunks(spool);
        truncate(spool, ends[1] + ChunkHeader.SIZE);
        assertEquals(2, RecordingFiles.completeChunks(spool).size());
    }

    @Test
    void mergeRefusesToWriteAnEmptyRecording() throws Exception {
        Path spool = dir.resolve("empty.spool");
        Files.write(spool, new byte[0]);
        Path out = dir.resolve("out.jfr");
        IOException e = assertThrows(IOException.class, () -> RecordingFiles.mergeAtomically(null, spool, out));
        assertTrue(e.getMessage().contains("no complete JFR chunk"), e.getMessage());
        assertTrue(Files.notExists(out));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(spool), files.toList(), "temporary file left behind");
        }
    }
}
