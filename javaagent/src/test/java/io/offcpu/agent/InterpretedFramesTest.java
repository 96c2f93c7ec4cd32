package io.offcpu.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.offcpu.jfr.Frame;
import io.offcpu.jni.Episode.InterpretedFrame;
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
}
