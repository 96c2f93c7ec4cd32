package io.offcpu.agent;

import io.offcpu.jfr.Frame;
import io.offcpu.jfr.FrameType;
import io.offcpu.jni.Episode;
import io.offcpu.jni.HotSpotMethods;
import io.offcpu.jni.HotSpotMethods.ResolvedMethod;
import io.offcpu.jni.StackRecordView;
import java.util.Arrays;

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

    private final MethodResolver resolver;
    /**
     * Frames by (Method*, bcp), in an open-addressing table of primitive keys: a stack new to the agent with
     * interpreted frames seen before looks them up without allocating (a boxed key per frame would not).
     */
    private long[] keyMethods = new long[1024];

    private long[] keyBytecodePointers = new long[1024];
    private Frame[] keyFrames = new Frame[1024];
    private int size;
    private boolean unsupported;

    /** The noted frames of the stack being resolved, and its frames by index: reused for every stack. */
    private int[] notedIndexes = new int[16];

    private long[] notedMethods = new long[16];
    private long[] notedBytecodePointers = new long[16];
    private Frame[] byIndex = new Frame[64];

    InterpretedFrames() {
        this(HotSpotMethods::resolve);
    }

    InterpretedFrames(MethodResolver resolver) {
        this.resolver = resolver;
    }

    /** Frames by user-stack index for a stack of {@code userFrames} frames and the frames noted in it. */
    Frame[] resolve(int userFrames, Episode.InterpretedFrame[] noted) {
        note(noted.length);
        for (int i = 0; i < noted.length; i++) {
            notedIndexes[i] = noted[i].frameIndex();
            notedMethods[i] = noted[i].method();
            notedBytecodePointers[i] = noted[i].bytecodePointer();
        }
        return resolveNoted(userFrames, noted.length).clone();
    }

    /**
     * Frames by user-stack index for the record's stack, null where a frame is not interpreted; the array is
     * reused by the next call. Allocates only for locations not seen before.
     */
    Frame[] resolve(StackRecordView record) {
        int n = record.interpretedFrames();
        note(n);
        for (int i = 0; i < n; i++) {
            notedIndexes[i] = record.interpretedIndex(i);
            notedMethods[i] = record.interpretedMethod(i);
            notedBytecodePointers[i] = record.interpretedBytecodePointer(i);
        }
        return resolveNoted(record.userFrames(), n);
    }

    /** The class-unloading count changed: a Method* may now name another method. */
    void classesUnloaded() {
        clearCache();
    }

    private void note(int n) {
        if (n > notedIndexes.length) {
            notedIndexes = new int[n];
            notedMethods = new long[n];
            notedBytecodePointers = new long[n];
        }
    }

    private Frame[] resolveNoted(int userFrames, int noted) {
        if (byIndex.length < userFrames) {
            byIndex = new Frame[userFrames];
        } else {
            Arrays.fill(byIndex, 0, userFrames, null);
        }
        if (noted == 0 || unsupported) {
            return byIndex;
        }
        int unknown = 0;
        for (int i = 0; i < noted; i++) {
            Frame frame = cached(notedMethods[i], notedBytecodePointers[i]);
            if (frame != null) {
                place(byIndex, userFrames, notedIndexes[i], frame);
            } else {
                unknown++;
            }
        }
        if (unknown > 0) {
            resolveUnknown(userFrames, noted, unknown);
        }
        return byIndex;
    }

    private void resolveUnknown(int userFrames, int noted, int unknown) {
        int[] askedIndexes = new int[unknown];
        long[] methods = new long[unknown];
        long[] bytecodePointers = new long[unknown];
        int n = 0;
        for (int i = 0; i < noted; i++) {
            if (cached(notedMethods[i], notedBytecodePointers[i]) == null) {
                askedIndexes[n] = notedIndexes[i];
                methods[n] = notedMethods[i];
                bytecodePointers[n] = notedBytecodePointers[i];
                n++;
            }
        }
        ResolvedMethod[] resolved = resolver.resolve(methods, bytecodePointers);
        if (resolved == null) {
            unsupported = true;
            return;
        }
        if (size + unknown > FRAME_CACHE_LIMIT) {
            clearCache();
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
            put(methods[i], bytecodePointers[i], frame);
            place(byIndex, userFrames, askedIndexes[i], frame);
        }
    }

    private static void place(Frame[] byIndex, int userFrames, int index, Frame frame) {
        if (index >= 0 && index < userFrames) {
            byIndex[index] = frame;
        }
    }

    private static int slotOf(long method, long bytecodePointer, int mask) {
        long h = (method * 0x9E3779B97F4A7C15L) ^ (bytecodePointer * 0xC2B2AE3D27D4EB4FL);
        return (int) (h ^ (h >>> 29)) & mask;
    }

    private Frame cached(long method, long bytecodePointer) {
        int mask = keyFrames.length - 1;
        for (int i = slotOf(method, bytecodePointer, mask); keyFrames[i] != null; i = (i + 1) & mask) {
            if (keyMethods[i] == method && keyBytecodePointers[i] == bytecodePointer) {
                return keyFrames[i];
            }
        }
        return null;
    }

    private void put(long method, long bytecodePointer, Frame frame) {
        if ((size + 1) * 2 > keyFrames.length) {
            long[] methods = keyMethods;
            long[] bcps = keyBytecodePointers;
            Frame[] frames = keyFrames;
            keyMethods = new long[frames.length * 2];
            keyBytecodePointers = new long[frames.length * 2];
            keyFrames = new Frame[frames.length * 2];
            size = 0;
            for (int i = 0; i < frames.length; i++) {
                if (frames[i] != null) {
                    put(methods[i], bcps[i], frames[i]);
                }
            }
        }
        int mask = keyFrames.length - 1;
        int i = slotOf(method, bytecodePointer, mask);
        while (keyFrames[i] != null) {
            if (keyMethods[i] == method && keyBytecodePointers[i] == bytecodePointer) {
                keyFrames[i] = frame;
                return;
            }
            i = (i + 1) & mask;
        }
        keyMethods[i] = method;
        keyBytecodePointers[i] = bytecodePointer;
        keyFrames[i] = frame;
        size++;
    }

    private void clearCache() {
        Arrays.fill(keyFrames, null);
        size = 0;
    }
}
