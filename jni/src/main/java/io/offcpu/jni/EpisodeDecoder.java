package io.offcpu.jni;

import static io.offcpu.jni.KernelContract.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/** Decodes the records of one poll batch from the direct buffer the natives filled. */
public final class EpisodeDecoder {
    private EpisodeDecoder() {}

    /** Receives the records of a batch, in the order the kernel side wrote them. */
    public interface RecordSink {
        void episode(Episode episode);

        void threadTotals(ThreadTotals totals);

        void wakeup(Wakeup wakeup);
    }

    /** Decodes {@code length} bytes of records at the start of {@code batch}, episodes only. */
    public static void decode(ByteBuffer batch, int length, Consumer<Episode> sink) {
        decode(batch, length, new RecordSink() {
            @Override
            public void episode(Episode episode) {
                sink.accept(episode);
            }

            @Override
            public void threadTotals(ThreadTotals totals) {}

            @Override
            public void wakeup(Wakeup wakeup) {}
        });
    }

    /**
     * Points {@code view} at each of the {@code length} bytes of thread totals at the start of {@code batch}, as
     * the totals iterator writes them, and hands it to {@code sink}: no object per thread.
     */
    public static void visitThreadTotals(
            ByteBuffer batch, int length, ThreadTotalsView view, Consumer<ThreadTotalsView> sink) {
        ByteBuffer records = nativeOrder(batch);
        for (int offset = 0; offset + TOTALS_SIZE <= length; offset += TOTALS_SIZE) {
            view.bind(records, offset);
            sink.accept(view);
        }
    }

    /** Decodes {@code length} bytes of records at the start of {@code batch}. */
    public static void decode(ByteBuffer batch, int length, RecordSink sink) {
        visit(
                batch,
                length,
                new RecordVisitor() {
                    @Override
                    public void episode(EpisodeView episode) {
                        sink.episode(episode.toEpisode());
                    }

                    @Override
                    public void threadTotals(ThreadTotalsView totals) {
                        sink.threadTotals(totals.toThreadTotals());
                    }

                    @Override
                    public void wakeup(WakeupView wakeup) {
                        sink.wakeup(wakeup.toWakeup());
                    }
                },
                new EpisodeView(),
                new WakeupView());
    }

    /** Receives the records of a batch read in place; a view is valid only during the call. */
    public interface RecordVisitor {
        void episode(EpisodeView episode);

        void threadTotals(ThreadTotalsView totals);

        void wakeup(WakeupView wakeup);
    }

    /**
     * Visits {@code length} bytes of records at the start of {@code batch}, pointing the given views at
     * each episode and wakeup in turn, and a view of its own at thread totals: no object per record.
     */
    public static void visit(
            ByteBuffer batch, int length, RecordVisitor visitor, EpisodeView episode, WakeupView wakeup) {
        ByteBuffer records = nativeOrder(batch);
        ThreadTotalsView totals = null; // thread exits are rare: a view only for a batch that has one
        int offset = 0;
        while (offset < length) {
            int type = records.getInt(offset + RECORD_TYPE);
            int size = records.getInt(offset + RECORD_SIZE);
            if (size <= 0 || offset + size > length) {
                throw new IllegalStateException("corrupt record at offset " + offset + ": size " + size + " with "
                        + (length - offset) + " bytes left");
            }
            if (type == RECORD_EPISODE) {
                episode.bind(records, offset, size);
                visitor.episode(episode);
            } else if (type == RECORD_THREAD_TOTALS) {
                requireSize("thread totals", size, TOTALS_SIZE);
                if (totals == null) {
                    totals = new ThreadTotalsView();
                }
                totals.bind(records, offset);
                visitor.threadTotals(totals);
            } else if (type == RECORD_WAKEUP) {
                wakeup.bind(records, offset, size);
                visitor.wakeup(wakeup);
            }
            offset += size;
        }
    }

    private static void requireSize(String what, int size, int expected) {
        if (size != expected) {
            throw new IllegalStateException(what + " record of " + size + " bytes, expected " + expected);
        }
    }

    /** The buffer itself when it is in native order (absolute reads leave it as it was), else a view that is. */
    private static ByteBuffer nativeOrder(ByteBuffer batch) {
        return batch.order() == ByteOrder.nativeOrder()
                ? batch
                : batch.duplicate().order(ByteOrder.nativeOrder());
    }
}
