package io.offcpu.jni;

import static io.offcpu.jni.KernelContract.*;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** An {@link Episode} read in place in the poll batch; see {@link StackRecordView}. */
public final class EpisodeView extends StackRecordView {
    void bind(ByteBuffer b, int at, int size) {
        bind("episode", b, at, size, HEADER_SIZE, KERNEL_FRAMES, USER_FRAMES, INTERPRETED_FRAMES);
    }

    public long startNanos() {
        return buffer.getLong(at + START_NS);
    }

    public long durationNanos() {
        return buffer.getLong(at + DURATION_NS);
    }

    public long runQueueNanos() {
        return buffer.getLong(at + RUN_QUEUE_NS);
    }

    public long syscallNumber() {
        return buffer.getLong(at + SYSCALL_NR);
    }

    public long weightNanos() {
        return buffer.getLong(at + WEIGHT_NS);
    }

    public long wakeupId() {
        return buffer.getLong(at + WAKEUP_ID);
    }

    public int tid() {
        return buffer.getInt(at + TID);
    }

    public int tgid() {
        return buffer.getInt(at + TGID);
    }

    public int wakerTid() {
        return buffer.getInt(at + WAKER_TID);
    }

    public int wakerTgid() {
        return buffer.getInt(at + WAKER_TGID);
    }

    public int state() {
        return buffer.getInt(at + STATE);
    }

    public int cpuOut() {
        return buffer.getInt(at + CPU_OUT);
    }

    public int cpuIn() {
        return buffer.getInt(at + CPU_IN);
    }

    @Override
    public int flags() {
        return buffer.getInt(at + FLAGS);
    }

    /** Byte {@code i} of the waker's NUL-terminated comm. */
    public byte wakerCommByte(int i) {
        return buffer.get(at + WAKER_COMM + i);
    }

    /** Whether the waker's comm is the ASCII text {@code name} (no allocation). */
    public boolean wakerNameIs(byte[] name) {
        for (int i = 0; i < WAKER_COMM_SIZE; i++) {
            byte b = wakerCommByte(i);
            if (i == name.length) {
                return b == 0;
            }
            if (b != name[i]) {
                return false;
            }
        }
        return name.length == WAKER_COMM_SIZE;
    }

    /** The waker's comm as a string (allocates). */
    public String wakerName() {
        int length = 0;
        while (length < WAKER_COMM_SIZE && wakerCommByte(length) != 0) {
            length++;
        }
        byte[] bytes = new byte[length];
        buffer.get(at + WAKER_COMM, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The episode as a record (allocates: for tests and slow paths). */
    public Episode toEpisode() {
        return new Episode(
                startNanos(),
                durationNanos(),
                runQueueNanos(),
                syscallNumber(),
                weightNanos(),
                wakeupId(),
                tid(),
                tgid(),
                wakerTid(),
                wakerTgid(),
                wakerName(),
                state(),
                cpuOut(),
                cpuIn(),
                flags(),
                kernelStack(),
                userStack(),
                interpretedFrameList());
    }
}
