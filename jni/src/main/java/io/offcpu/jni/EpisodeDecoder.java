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

    /** Decodes {@code length} bytes of thread totals, as the totals iterator writes them. */
    public static void decodeThreadTotals(ByteBuffer batch, int length, Consumer<ThreadTotals> sink) {
        ByteBuffer records = batch.duplicate().order(ByteOrder.nativeOrder());
        for (int offset = 0; offset + TOTALS_SIZE <= length; offset += TOTALS_SIZE) {
            sink.accept(decodeTotals(records, offset));
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
                    public void threadTotals(ThreadTotals totals) {
                        sink.threadTotals(totals);
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

        void threadTotals(ThreadTotals totals);

        void wakeup(WakeupView wakeup);
    }

    /**
     * Visits {@code length} bytes of records at the start of {@code batch}, pointing the given views at
     * each episode and wakeup in turn: no object per record (thread totals, rare, are decoded).
     */
    public static void visit(
            ByteBuffer batch, int length, RecordVisitor visitor, EpisodeView episode, WakeupView wakeup) {
        ByteBuffer records = batch.order() == ByteOrder.nativeOrder()
                ? batch
                : batch.duplicate().order(ByteOrder.nativeOrder());
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
                visitor.threadTotals(decodeTotals(records, offset));
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

    static ThreadTotals decodeTotals(ByteBuffer b, int at) {
        long[] offCpu = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            offCpu[i] = b.getLong(at + TOTALS_OFF_CPU_NS + i * Long.BYTES);
        }
        return new ThreadTotals(
                b.getInt(at + TOTALS_TID),
                b.getLong(at + TOTALS_TIME_NS),
                offCpu,
                b.getLong(at + TOTALS_RUN_QUEUE_NS),
                b.getLong(at + TOTALS_VOLUNTARY),
                b.getLong(at + TOTALS_INVOLUNTARY),
                b.getLong(at + TOTALS_EPISODES),
                b.getLong(at + TOTALS_UNSEEN_STARTS),
                b.getLong(at + TOTALS_OPEN_SINCE_NS),
                b.getLong(at + TOTALS_OPEN_RUNNABLE_NS),
                b.getInt(at + TOTALS_OPEN_BUCKET),
                (b.getInt(at + TOTALS_FLAGS) & TOTALS_EXITED) != 0);
    }
}
