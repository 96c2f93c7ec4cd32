package io.offcpu.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events written from pool keys interned once (the consumer's way) read back exactly as the same
 * events written from values, over several chunks, each chunk readable on its own, also when the
 * writer forgets its constants at its memory bound.
 */
class StableConstantsTest {
    @TempDir
    Path dir;

    private static final TickClock CLOCK = TickClock.of(
            1_000_000L, 1_700_000_000_000_000_000L, 1_000_000_000L, 1_700_000_000_000_000_000L - 4_000_000_000L);
    private static final int CHUNKS = 3;
    private static final int EVENTS_PER_CHUNK = 40;

    private static OffCpuEvent event(int chunk, int i) {
        boolean park = i % 3 != 0;
        return new OffCpuEvent(
                5_000_000_000L + chunk * 1_000_000_000L + i * 1_000_000L,
                100_000L + i,
                i % 2 == 0 ? SampleEvents.WORKER : SampleEvents.OTHER_WORKER,
                park ? SampleEvents.PARK_STACK : SampleEvents.SLEEP_STACK,
                i % 5 == 0,
                "sleeping (S)",
                park ? "futex" : "",
                1_234L * i,
                i % 4 == 0 ? null : SampleEvents.WAKER,
                i % 2,
                100_000L + i,
                park ? "lock" : "sleep",
                park ? "park" : "Thread.sleep",
                1 - i % 2,
                i,
                park ? "thread" : "timer");
    }

    private static WakeupEvent wakeup(int chunk, int i) {
        return new WakeupEvent(
                5_000_000_000L + chunk * 1_000_000_000L + i * 1_000_000L + 10,
                SampleEvents.WAKER,
                SampleEvents.SLEEP_STACK,
                false,
                SampleEvents.WORKER,
                i,
                0);
    }

    /** The reference: every event written from its values. */
    private Path writeFromValues(Path spool) throws IOException {
        try (OffCpuChunkWriter w = new OffCpuChunkWriter(spool, CLOCK)) {
            for (int c = 0; c < CHUNKS; c++) {
                for (int i = 0; i < EVENTS_PER_CHUNK; i++) {
                    w.write(event(c, i));
                    w.write(wakeup(c, i));
                }
                w.flushChunk();
            }
        }
        return spool;
    }

    /** The consumer's way: keys interned when first needed and kept while the generation lasts. */
    private Path writeFromKeys(Path spool, long maxRetainedBytes) throws IOException {
        try (OffCpuChunkWriter w =
                new OffCpuChunkWriter(spool, CLOCK, OffCpuChunkWriter.DEFAULT_MAX_CHUNK_BYTES, maxRetainedBytes)) {
            OffCpuFields f = new OffCpuFields();
            WakeupFields wf = new WakeupFields();
            int generation = -1;
            long worker = 0, other = 0, waker = 0, park = 0, parkTruncated = 0, sleep = 0;
            for (int c = 0; c < CHUNKS; c++) {
                for (int i = 0; i < EVENTS_PER_CHUNK; i++) {
                    if (w.poolGeneration() != generation) {
                        generation = w.poolGeneration();
                        worker = w.threadKey(SampleEvents.WORKER);
                        other = w.threadKey(SampleEvents.OTHER_WORKER);
                        waker = w.threadKey(SampleEvents.WAKER);
                        park = w.stackKey(SampleEvents.PARK_STACK, false);
                        parkTruncated = w.stackKey(SampleEvents.PARK_STACK, true);
                        sleep = w.stackKey(SampleEvents.SLEEP_STACK, false);
                    }
                    OffCpuEvent e = event(c, i);
                    f.startNanos = e.startNanos();
                    f.durationNanos = e.durationNanos();
                    f.threadKey = e.thread() == SampleEvents.WORKER ? worker : other;
                    boolean isPark =
                            e.stack() == SampleEvents.PARK_STACK || e.stack().equals(SampleEvents.PARK_STACK);
                    f.stackKey = isPark
                            ? (e.stackTruncated() ? parkTruncated : park)
                            : (e.stackTruncated() ? w.stackKey(SampleEvents.SLEEP_STACK, true) : sleep);
                    f.reason = JfrString.of(e.reason());
                    f.reasonDetail = JfrString.of(e.reasonDetail());
                    f.state = JfrString.of(e.state());
                    f.syscall = JfrString.of(e.syscall());
                    f.runQueueLatencyNanos = e.runQueueLatencyNanos();
                    f.wakerKey = e.waker() == null ? 0 : waker;
                    f.wokenBy = JfrString.of(e.wokenBy());
                    f.cpu = e.cpu();
                    f.cpuIn = e.cpuIn();
                    f.weightNanos = e.weightNanos();
                    f.stackTruncated = e.stackTruncated();
                    f.wakeupId = e.wakeupId();
                    w.write(f);
                    WakeupEvent we = wakeup(c, i);
                    wf.timeNanos = we.timeNanos();
                    wf.wakerKey = waker;
                    wf.stackKey = sleep;
                    wf.wokenKey = worker;
                    wf.wakeupId = we.wakeupId();
                    wf.cpu = we.cpu();
                    w.write(wf);
                }
                w.flushChunk();
            }
        }
        return spool;
    }

    @Test
    void keyedEventsReadBackAsTheSameEventsWrittenFromValues() throws Exception {
        List<String> expected = describe(writeFromValues(dir.resolve("values")));
        assertEquals(CHUNKS * EVENTS_PER_CHUNK * 2, expected.size());
        assertEquals(expected, describe(writeFromKeys(dir.resolve("keys"), ConstantPools.DEFAULT_MAX_RETAINED_BYTES)));
    }

    @Test
    void everyChunkCarriesTheConstantsItUses() throws Exception {
        Path spool = writeFromKeys(dir.resolve("keys"), ConstantPools.DEFAULT_MAX_RETAINED_BYTES);
        List<Path> chunks = splitChunks(spool);
        assertEquals(CHUNKS, chunks.size());
        List<String> alone = new ArrayList<>();
        for (Path chunk : chunks) {
            List<String> events = describe(chunk);
            assertEquals(EVENTS_PER_CHUNK * 2, events.size());
            alone.addAll(events);
        }
        assertEquals(describe(writeFromValues(dir.resolve("values"))), alone);
    }

    @Test
    void forgettingTheConstantsAtTheBoundKeepsEveryEventRight() throws Exception {
        Path spool = dir.resolve("small");
        List<String> events = describe(writeFromKeys(spool, 1));
        assertEquals(describe(writeFromValues(dir.resolve("values"))), events);
        for (Path chunk : splitChunks(spool)) {
            assertEquals(EVENTS_PER_CHUNK * 2, describe(chunk).size());
        }
    }

    @Test
    void aKeyAlwaysNamesTheSameContent() throws Exception {
        try (OffCpuChunkWriter w =
                new OffCpuChunkWriter(dir.resolve("k"), CLOCK, OffCpuChunkWriter.DEFAULT_MAX_CHUNK_BYTES, 1)) {
            long first = w.stackKey(SampleEvents.PARK_STACK, false);
            assertEquals(first, w.stackKey(List.copyOf(SampleEvents.PARK_STACK), false));
            assertNotEquals(first, w.stackKey(SampleEvents.PARK_STACK, true));
            assertEquals(0, w.stackKey(List.of(), false));
            int generation = w.poolGeneration();
            w.write(SampleEvents.park(5_000_000_000L, 1_000));
            w.flushChunk(); // past the (tiny) bound: everything is forgotten
            assertNotEquals(generation, w.poolGeneration());
            assertTrue(w.stackKey(SampleEvents.PARK_STACK, false) > first, "new content gets new keys");
        }
    }

    private List<Path> splitChunks(Path spool) throws IOException {
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(spool));
        List<Path> chunks = new ArrayList<>();
        while (all.remaining() > 0) {
            int start = all.position();
            ChunkHeader header = ChunkHeader.read(all);
            byte[] chunk = new byte[(int) header.chunkSize()];
            System.arraycopy(all.array(), start, chunk, 0, chunk.length);
            Path file = dir.resolve("chunk-" + chunks.size() + "-" + spool.getFileName());
            Files.write(file, chunk);
            chunks.add(file);
            all.position(start + chunk.length);
        }
        return chunks;
    }

    /** Every event with every field, recursively (threads, stack frames, methods, classes). */
    private static List<String> describe(Path file) throws IOException {
        List<String> events = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            StringBuilder out = new StringBuilder(e.getEventType().getName());
            describe(e, out);
            events.add(out.toString());
        }
        return events;
    }

    private static void describe(Object value, StringBuilder out) {
        if (value instanceof RecordedObject o) {
            out.append('{');
            for (ValueDescriptor field : o.getFields()) {
                out.append(field.getName()).append('=');
                describe(o.getValue(field.getName()), out);
                out.append(',');
            }
            out.append('}');
        } else if (value instanceof Object[] array) {
            out.append('[');
            for (Object element : array) {
                describe(element, out);
                out.append(',');
            }
            out.append(']');
        } else if (value instanceof List<?> list) {
            describe(list.toArray(), out);
        } else {
            out.append(value);
        }
    }
}
