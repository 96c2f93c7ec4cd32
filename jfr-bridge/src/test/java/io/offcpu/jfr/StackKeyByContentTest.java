package io.offcpu.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stack trace given as an array of frames is pooled by content: the same frames (equal, not the same objects)
 * get the key of the list form, and finding a pooled one allocates nothing in the heap of the profiled JVM,
 * where the writer runs.
 */
class StackKeyByContentTest {
    @TempDir
    Path dir;

    /** Frames equal to {@code stack}'s but other objects, as a symbolizer makes them for another address. */
    private static Frame[] copies(List<Frame> stack) {
        Frame[] frames = new Frame[stack.size() + 3]; // longer than the stack: only the first frames count
        for (int i = 0; i < stack.size(); i++) {
            Frame f = stack.get(i);
            frames[i] = new Frame(
                    new String(f.className()),
                    new String(f.methodName()),
                    new String(f.descriptor()),
                    f.type(),
                    f.lineNumber(),
                    f.bytecodeIndex());
        }
        return frames;
    }

    @Test
    void anArrayOfFramesHasTheKeyOfTheSameFramesAsAList() throws Exception {
        try (OffCpuChunkWriter w = new OffCpuChunkWriter(dir.resolve("spool"), TickClock.calibrate())) {
            Frame[] park = copies(SampleEvents.PARK_STACK);
            int n = SampleEvents.PARK_STACK.size();
            long fromList = w.stackKey(SampleEvents.PARK_STACK, false);
            assertEquals(fromList, w.stackKey(park, n, false));
            assertEquals(w.stackKey(SampleEvents.PARK_STACK, true), w.stackKey(park, n, true));
            assertNotEquals(fromList, w.stackKey(park, n, true));
            assertNotEquals(fromList, w.stackKey(park, n - 1, false), "a prefix is another stack");
            assertEquals(0, w.stackKey(park, 0, false));
            assertEquals(SampleEvents.PARK_STACK, w.stackFrames(fromList));
            assertEquals(List.of(), w.stackFrames(0));

            Frame[] sleep = copies(SampleEvents.SLEEP_STACK);
            long fromArray = w.stackKey(sleep, SampleEvents.SLEEP_STACK.size(), false);
            assertEquals(fromArray, w.stackKey(SampleEvents.SLEEP_STACK, false));
            assertEquals(SampleEvents.SLEEP_STACK, w.stackFrames(fromArray));
            sleep[0] = park[0]; // the writer kept its own copy
            assertEquals(SampleEvents.SLEEP_STACK, w.stackFrames(fromArray));
            assertSame(w.stackFrames(fromArray), w.stackFrames(fromArray));
        }
    }

    @Test
    void theFramesOfAForgottenKeyAreNone() throws Exception {
        try (OffCpuChunkWriter w = new OffCpuChunkWriter(
                dir.resolve("small"), TickClock.calibrate(), OffCpuChunkWriter.DEFAULT_MAX_CHUNK_BYTES, 1)) {
            long key = w.stackKey(copies(SampleEvents.PARK_STACK), SampleEvents.PARK_STACK.size(), false);
            w.write(SampleEvents.park(5_000_000_000L, 1_000));
            w.flushChunk(); // past the (tiny) bound: everything is forgotten
            assertNull(w.stackFrames(key));
        }
    }

    @Test
    void findingAPooledStackAllocatesNothingInTheApplicationsHeap() throws Exception {
        try (OffCpuChunkWriter w = new OffCpuChunkWriter(dir.resolve("spool"), TickClock.calibrate())) {
            List<Frame[]> stacks = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            for (List<Frame> stack : List.of(SampleEvents.PARK_STACK, SampleEvents.SLEEP_STACK)) {
                for (int n = 1; n <= stack.size(); n++) {
                    stacks.add(copies(stack));
                    sizes.add(n);
                    w.stackKey(stack.subList(0, n), false); // pooled from the list form
                }
            }
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long sink = lookUpAll(w, stacks, sizes); // warms up what is measured below
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int round = 0; round < 100; round++) {
                sink += lookUpAll(w, stacks, sizes);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(sink != 0);
            assertTrue(allocated < 1024, "100 x " + stacks.size() + " look-ups allocated " + allocated + " bytes");
        }
    }

    private static long lookUpAll(OffCpuChunkWriter w, List<Frame[]> stacks, List<Integer> sizes) {
        long keys = 0;
        for (int i = 0; i < stacks.size(); i++) {
            keys += w.stackKey(stacks.get(i), sizes.get(i), false);
        }
        return keys;
    }
}
