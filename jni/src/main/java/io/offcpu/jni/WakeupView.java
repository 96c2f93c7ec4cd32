package io.offcpu.jni;

import static io.offcpu.jni.KernelContract.*;

import java.nio.ByteBuffer;

/** A {@link Wakeup} read in place in the poll batch; see {@link StackRecordView}. */
public final class WakeupView extends StackRecordView {
    void bind(ByteBuffer b, int at, int size) {
        bind(
                "wakeup",
                b,
                at,
                size,
                WAKEUP_HEADER_SIZE,
                WAKEUP_KERNEL_FRAMES,
                WAKEUP_USER_FRAMES,
                WAKEUP_INTERPRETED_FRAMES);
    }

    public long timeNanos() {
        return buffer.getLong(at + WAKEUP_TIME_NS);
    }

    public long wakeupId() {
        return buffer.getLong(at + WAKEUP_WAKEUP_ID);
    }

    public int wakerTid() {
        return buffer.getInt(at + WAKEUP_WAKER_TID);
    }

    public int wakerTgid() {
        return buffer.getInt(at + WAKEUP_WAKER_TGID);
    }

    public int wokenTid() {
        return buffer.getInt(at + WAKEUP_WOKEN_TID);
    }

    public int cpu() {
        return buffer.getInt(at + WAKEUP_CPU);
    }

    @Override
    public int flags() {
        return buffer.getInt(at + WAKEUP_FLAGS);
    }

    /** The wakeup as a record (allocates: for tests and slow paths). */
    public Wakeup toWakeup() {
        return new Wakeup(
                timeNanos(),
                wakeupId(),
                wakerTid(),
                wakerTgid(),
                wokenTid(),
                cpu(),
                flags(),
                kernelStack(),
                userStack(),
                interpretedFrameList());
    }
}
