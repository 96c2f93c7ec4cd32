package io.offcpu.jni;

import static io.offcpu.jni.KernelContract.*;

import java.nio.ByteBuffer;

/**
 * A packed episode or wakeup read in place in the poll batch: the consumer reads fields and stack
 * entries straight from the buffer, so a record costs no objects. One view is re-pointed at each
 * record of a batch ({@link EpisodeDecoder#visit}); it is valid until the next record.
 */
public abstract sealed class StackRecordView permits EpisodeView, WakeupView {
    ByteBuffer buffer;
    int at;
    private int kernelFrames;
    private int userFrames;
    private int interpretedFrames;
    private int kernelAt;
    private int userAt;
    private int interpretedAt;

    /**
     * Points at the record at {@code at} once the header's counts agree with the record's size: a
     * count that does not would shift every frame after it, so the record is reported rather than misread.
     */
    final void bind(
            String what,
            ByteBuffer b,
            int at,
            int size,
            int headerSize,
            int kernelFramesAt,
            int userFramesAt,
            int interpretedFramesAt) {
        int kernel = Short.toUnsignedInt(b.getShort(at + kernelFramesAt));
        int user = Short.toUnsignedInt(b.getShort(at + userFramesAt));
        int interpreted = Short.toUnsignedInt(b.getShort(at + interpretedFramesAt));
        int expected = packedSize(headerSize, kernel, user, interpreted);
        if (size != expected
                || kernel > MAX_KERNEL_FRAMES
                || user > MAX_USER_FRAMES
                || interpreted > MAX_INTERPRETED_FRAMES) {
            throw new IllegalStateException(what + " record of " + size + " bytes with " + kernel
                    + " kernel, " + user + " user and " + interpreted
                    + " interpreted frames, expected " + expected + " bytes and at most " + MAX_KERNEL_FRAMES
                    + ", " + MAX_USER_FRAMES + " and " + MAX_INTERPRETED_FRAMES + " frames");
        }
        this.buffer = b;
        this.at = at;
        this.kernelFrames = kernel;
        this.userFrames = user;
        this.interpretedFrames = interpreted;
        this.kernelAt = at + headerSize;
        this.userAt = kernelAt + kernel * KERNEL_FRAME_SIZE;
        this.interpretedAt = userAt + user * USER_FRAME_SIZE;
    }

    /** Bytes of a packed episode or wakeup with a header of {@code headerSize} and these stack depths. */
    public static int packedSize(int headerSize, int kernelFrames, int userFrames, int interpretedFrames) {
        return headerSize
                + kernelFrames * KERNEL_FRAME_SIZE
                + userFrames * USER_FRAME_SIZE
                + interpretedFrames * INTERPRETED_FRAME_SIZE;
    }

    /** The record's flags ({@code KernelContract.FLAG_*}). */
    public abstract int flags();

    public final boolean has(int flag) {
        return (flags() & flag) != 0;
    }

    public final boolean stackTruncated() {
        return has(KernelContract.FLAG_KERNEL_STACK_TRUNCATED | KernelContract.FLAG_USER_STACK_TRUNCATED);
    }

    public final int kernelFrames() {
        return kernelFrames;
    }

    public final int userFrames() {
        return userFrames;
    }

    public final int interpretedFrames() {
        return interpretedFrames;
    }

    /** Kernel return address {@code i}, innermost first. */
    public final long kernelAddress(int i) {
        return buffer.getLong(kernelAt + i * KERNEL_FRAME_SIZE);
    }

    /** User return address {@code i}, innermost first. */
    public final long userAddress(int i) {
        return buffer.getLong(userAt + i * USER_FRAME_SIZE);
    }

    /** The user-stack index of interpreted frame {@code i}. */
    public final int interpretedIndex(int i) {
        return buffer.getInt(interpretedAt + i * INTERPRETED_FRAME_SIZE + INTERPRETED_FRAME_INDEX);
    }

    /** The Method* of interpreted frame {@code i}. */
    public final long interpretedMethod(int i) {
        return buffer.getLong(interpretedAt + i * INTERPRETED_FRAME_SIZE + INTERPRETED_METHOD);
    }

    /** The bytecode pointer of interpreted frame {@code i}, 0 when unknown. */
    public final long interpretedBytecodePointer(int i) {
        return buffer.getLong(interpretedAt + i * INTERPRETED_FRAME_SIZE + INTERPRETED_BCP);
    }

    /** The kernel stack as an array (allocates: for tests and slow paths). */
    public final long[] kernelStack() {
        long[] values = new long[kernelFrames];
        for (int i = 0; i < values.length; i++) {
            values[i] = kernelAddress(i);
        }
        return values;
    }

    /** The user stack as an array (allocates: for tests and slow paths). */
    public final long[] userStack() {
        long[] values = new long[userFrames];
        for (int i = 0; i < values.length; i++) {
            values[i] = userAddress(i);
        }
        return values;
    }

    /** The interpreted frames as objects (allocates: for tests and slow paths). */
    public final Episode.InterpretedFrame[] interpretedFrameList() {
        Episode.InterpretedFrame[] frames = new Episode.InterpretedFrame[interpretedFrames];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new Episode.InterpretedFrame(
                    interpretedIndex(i), interpretedMethod(i), interpretedBytecodePointer(i));
        }
        return frames;
    }
}
