package io.offcpu.agent;

import io.offcpu.jfr.Frame;
import io.offcpu.jfr.FrameType;
import io.offcpu.jni.Episode;
import io.offcpu.jni.HotSpotMethods;
import io.offcpu.jni.HotSpotMethods.ResolvedMethod;
import java.util.HashMap;
import java.util.Map;

/**
 * Names the interpreted frames of a stack from the Method* and bytecode pointer the walker noted.
 *
 * <p>Resolving one reads a dozen HotSpot structures, each a checked read of the JVM's own memory (a
 * system call), so each (Method*, bcp) is resolved once and its frame kept: a new stack mostly repeats
 * frames seen in others. A Method* names the same method until its class is unloaded, when the
 * memory may be reused for another: {@link #classesUnloaded()} forgets every frame.
 */
final class InterpretedFrames {
    /** Resolves Method*s with their bytecode pointers; null when the JVM is not HotSpot. */
    interface MethodResolver {
        ResolvedMethod[] resolve(long[] methods, long[] bytecodePointers);
    }

    /** Frames kept at most; past it they are forgotten at once (a JVM has far fewer call sites in stacks). */
    private static final int FRAME_CACHE_LIMIT = 1 << 16;

    private record Location(long method, long bytecodePointer) {
        // Written out, as the generated ones bootstrap through invokedynamic on first use (start-up cost).
        @Override
        public boolean equals(Object o) {
            return o instanceof Location l && method == l.method && bytecodePointer == l.bytecodePointer;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(method * 31 + bytecodePointer);
        }
    }

    private final MethodResolver resolver;
    private final Map<Location, Frame> frames = new HashMap<>();
    private boolean unsupported;

    InterpretedFrames() {
        this(HotSpotMethods::resolve);
    }

    InterpretedFrames(MethodResolver resolver) {
        this.resolver = resolver;
    }

    /** Frames by user-stack index for a stack of {@code userFrames} frames and the frames noted in it. */
    Frame[] resolve(int userFrames, Episode.InterpretedFrame[] noted) {
        Frame[] byIndex = new Frame[userFrames];
        if (noted.length == 0 || unsupported) {
            return byIndex;
        }
        int unknown = 0;
        for (Episode.InterpretedFrame f : noted) {
            Frame frame = frames.get(new Location(f.method(), f.bytecodePointer()));
            if (frame != null) {
                place(byIndex, f.frameIndex(), frame);
            } else {
                unknown++;
            }
        }
        if (unknown > 0) {
            resolveUnknown(byIndex, noted, unknown);
        }
        return byIndex;
    }

    /** The class-unloading count changed: a Method* may now name another method. */
    void classesUnloaded() {
        frames.clear();
    }

    private void resolveUnknown(Frame[] byIndex, Episode.InterpretedFrame[] noted, int unknown) {
        Episode.InterpretedFrame[] asked = new Episode.InterpretedFrame[unknown];
        long[] methods = new long[unknown];
        long[] bytecodePointers = new long[unknown];
        int n = 0;
        for (Episode.InterpretedFrame f : noted) {
            if (!frames.containsKey(new Location(f.method(), f.bytecodePointer()))) {
                asked[n] = f;
                methods[n] = f.method();
                bytecodePointers[n] = f.bytecodePointer();
                n++;
            }
        }
        ResolvedMethod[] resolved = resolver.resolve(methods, bytecodePointers);
        if (resolved == null) {
            unsupported = true;
            return;
        }
        if (frames.size() + unknown > FRAME_CACHE_LIMIT) {
            frames.clear();
        }
        for (int i = 0; i < unknown; i++) {
            ResolvedMethod m = resolved[i];
            if (m == null) {
                continue; // not a method (any more): nothing to keep
            }
            Frame frame = new Frame(
                    HiddenClassNames.forJfr(m.className()),
                    m.methodName(),
                    m.signature(),
                    FrameType.INTERPRETED,
                    m.lineNumber(),
                    m.bytecodeIndex());
            frames.put(new Location(asked[i].method(), asked[i].bytecodePointer()), frame);
            place(byIndex, asked[i].frameIndex(), frame);
        }
    }

    private static void place(Frame[] byIndex, int index, Frame frame) {
        if (index >= 0 && index < byIndex.length) {
            byIndex[index] = frame;
        }
    }
}
