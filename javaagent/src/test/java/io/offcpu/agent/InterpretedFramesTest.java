package io.offcpu.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.jfr.Frame;
import io.offcpu.jni.Episode.InterpretedFrame;
import io.offcpu.jni.EpisodeView;
import io.offcpu.jni.HotSpotMethods.ResolvedMethod;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each interpreted frame location is resolved in the JVM's memory once, until classes are unloaded. */
class InterpretedFramesTest {
    private static final long RUN = 0x7f00_0000_1000L;
    private static final long TAKE = 0x7f00_0000_2000L;
    private static final long UNKNOWN = 0x7f00_0000_3000L;

    /** Answers like HotSpotMethods and keeps every Method* it was asked about. */
    private final List<Long> asked = new ArrayList<>();

    private final InterpretedFrames frames = new InterpretedFrames((methods, bcps) -> {
        ResolvedMethod[] resolved = new ResolvedMethod[methods.length];
        for (int i = 0; i < methods.length; i++) {
            asked.add(methods[i]);
            if (methods[i] != UNKNOWN) {
                String name = methods[i] == RUN ? "run" : "take";
                resolved[i] = new ResolvedMethod("io/offcpu/Worker", name, "()V", (int) (bcps[i] & 0xff), 10);
            }
        }
        return resolved;
    });

    @Test
    void framesAreByStackIndexAndNullWhereNotInterpreted() {
        Frame[] byIndex = frames.resolve(4, new InterpretedFrame[] {
            new InterpretedFrame(1, TAKE, TAKE + 0x47), new InterpretedFrame(3, RUN, RUN + 0x5)
        });
        assertNull(byIndex[0]);
        assertEquals("take", byIndex[1].methodName());
        assertEquals(0x47, byIndex[1].bytecodeIndex());
        assertNull(byIndex[2]);
        assertEquals("run", byIndex[3].methodName());
    }

    @Test
    void aLocationSeenBeforeIsNotResolvedAgain() {
        frames.resolve(2, new InterpretedFrame[] {
            new InterpretedFrame(0, TAKE, TAKE + 1), new InterpretedFrame(1, RUN, RUN + 2)
        });
        Frame[] again = frames.resolve(3, new InterpretedFrame[] {
            new InterpretedFrame(0, TAKE, TAKE + 9),
            new InterpretedFrame(1, TAKE, TAKE + 1),
            new InterpretedFrame(2, RUN, RUN + 2)
        });
        // Only the new bytecode pointer of take was asked for; the two known locations came from the cache.
        assertArrayEquals(new Long[] {TAKE, RUN, TAKE}, asked.toArray());
        assertEquals(9, again[0].bytecodeIndex());
        assertEquals(1, again[1].bytecodeIndex());
        assertEquals("run", again[2].methodName());
    }

    @Test
    void unloadedClassesForgetEveryFrame() {
        InterpretedFrame[] stack = {new InterpretedFrame(0, RUN, RUN + 2)};
        frames.resolve(1, stack);
        frames.classesUnloaded();
        frames.resolve(1, stack);
        assertEquals(List.of(RUN, RUN), asked);
    }

    @Test
    void aPointerThatNamesNoMethodIsAskedAgainNextTime() {
        InterpretedFrame[] stack = {new InterpretedFrame(0, UNKNOWN, UNKNOWN + 1)};
        assertNull(frames.resolve(1, stack)[0]);
        frames.resolve(1, stack);
        assertEquals(List.of(UNKNOWN, UNKNOWN), asked);
    }

    @Test
    void knownLocationsReadFromARecordAllocateNothingInTheApplicationsHeap() {
        // A preempted interpreted thread's stack is new each time; its locations mostly are not.
        List<EpisodeView> records = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            records.add(PackedRecords.episode(
                    new long[0], new long[] {0x1000 + i, 0x2000, 0x3000}, 0, TAKE, TAKE + i, 2, RUN, RUN + 5));
        }
        for (EpisodeView record : records) {
            frames.resolve(record); // every location once
        }
        int askedBefore = asked.size();
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        long bcis = 0;
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < records.size(); i++) {
                Frame[] byIndex = frames.resolve(records.get(i));
                bcis += byIndex[0].bytecodeIndex() + (byIndex[1] == null ? 0 : 1000) + byIndex[2].bytecodeIndex();
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(20 * (32 * 31 / 2 + 32 * 5), bcis);
        assertEquals(askedBefore, asked.size(), "nothing asked again");
        assertTrue(allocated < 1024, "20 x 32 stacks allocated " + allocated + " bytes");
    }
}
