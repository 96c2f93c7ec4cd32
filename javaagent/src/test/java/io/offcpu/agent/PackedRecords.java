package io.offcpu.agent;

import static io.offcpu.jni.KernelContract.*;
import static io.offcpu.jni.StackRecordView.packedSize;

import io.offcpu.jni.EpisodeDecoder;
import io.offcpu.jni.EpisodeView;
import io.offcpu.jni.ThreadTotalsView;
import io.offcpu.jni.WakeupView;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Episodes packed as the kernel side writes them, read back in place as the consumer reads them. */
final class PackedRecords {
    private PackedRecords() {}

    /** An episode of {@code tid} at {@code startNanos} with these stacks; interpreted is {index, method, bcp} triples. */
    static EpisodeView episode(int tid, long startNanos, int flags, long[] kernel, long[] user, long... interpreted) {
        int interpretedFrames = interpreted.length / 3;
        int size = packedSize(HEADER_SIZE, kernel.length, user.length, interpretedFrames);
        ByteBuffer b = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
        b.putInt(RECORD_TYPE, RECORD_EPISODE).putInt(RECORD_SIZE, size);
        b.putLong(START_NS, startNanos)
                .putLong(DURATION_NS, 2_000_000L)
                .putLong(RUN_QUEUE_NS, 1_000L)
                .putLong(SYSCALL_NR, 202);
        b.putInt(TID, tid).putInt(TGID, 4242).putInt(STATE, 1).putInt(FLAGS, flags);
        b.putShort(KERNEL_FRAMES, (short) kernel.length)
                .putShort(USER_FRAMES, (short) user.length)
                .putShort(INTERPRETED_FRAMES, (short) interpretedFrames);
        int at = HEADER_SIZE;
        for (long k : kernel) {
            b.putLong(at, k);
            at += KERNEL_FRAME_SIZE;
        }
        for (long u : user) {
            b.putLong(at, u);
            at += USER_FRAME_SIZE;
        }
        for (int i = 0; i < interpretedFrames; i++) {
            b.putInt(at + INTERPRETED_FRAME_INDEX, (int) interpreted[3 * i])
                    .putLong(at + INTERPRETED_METHOD, interpreted[3 * i + 1])
                    .putLong(at + INTERPRETED_BCP, interpreted[3 * i + 2]);
            at += INTERPRETED_FRAME_SIZE;
        }
        EpisodeView view = new EpisodeView();
        EpisodeDecoder.visit(
                b,
                size,
                new EpisodeDecoder.RecordVisitor() {
                    @Override
                    public void episode(EpisodeView episode) {}

                    @Override
                    public void threadTotals(ThreadTotalsView totals) {}

                    @Override
                    public void wakeup(WakeupView wakeup) {}
                },
                view,
                new WakeupView());
        return view; // still points at b
    }

    static EpisodeView episode(long[] kernel, long[] user, long... interpreted) {
        return episode(101, 1_000_000_000L, 0, kernel, user, interpreted);
    }
}
