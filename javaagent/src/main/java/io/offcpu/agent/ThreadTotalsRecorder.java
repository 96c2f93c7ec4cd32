package io.offcpu.agent;

import static io.offcpu.jni.KernelContract.TOTALS_SIZE;

import io.offcpu.jfr.ThreadStatistics;
import io.offcpu.jni.EpisodeDecoder;
import io.offcpu.jni.OffCpuBpf;
import io.offcpu.jni.ThreadTotalsView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * Every tracked thread's kernel totals, read by the consumer thread once a second and when a thread exits:
 * written into our file as {@code offcpu.ThreadStatistics} and handed to the JVM's JFR
 * ({@link ThreadStatisticsPublisher}). A reading allocates nothing in the profiled JVM's heap: the totals are
 * read in place ({@link ThreadTotalsView}) into {@link ThreadStatistics} objects kept from one reading to the
 * next.
 */
final class ThreadTotalsRecorder {
    /**
     * Room for the totals of this many threads per reading at first (112 KiB); a reading that fills it is read
     * again into one twice as large, up to the maximum, past which threads are cut off.
     */
    private static final int INITIAL_THREADS_PER_READING = 1 << 10;

    private static final int MAX_THREADS_PER_READING = 1 << 15;

    private final OffCpuBpf bpf;
    private final EpisodeConverter converter;
    private final RecordingOutput output;
    private final ThreadStatisticsPublisher publisher;
    /** Threads whose totals are recorded: all but the agent's own. */
    private final IntPredicate recorded;

    private ByteBuffer buffer = bufferFor(INITIAL_THREADS_PER_READING);
    private final ThreadTotalsView view = new ThreadTotalsView();
    private final Consumer<ThreadTotalsView> takeReading = this::take;
    private ThreadStatistics[] readings = new ThreadStatistics[0];
    private int readingCount;
    private final ThreadStatistics exitReading = new ThreadStatistics();

    ThreadTotalsRecorder(
            OffCpuBpf bpf,
            EpisodeConverter converter,
            RecordingOutput output,
            ThreadStatisticsPublisher publisher,
            IntPredicate recorded) {
        this.bpf = bpf;
        this.converter = converter;
        this.output = output;
        this.publisher = publisher;
        this.recorded = recorded;
    }

    /** Reads every tracked thread's totals now and records them (our file and in-process JFR). */
    void recordAll() throws IOException {
        int bytes = bpf.threadTotals(buffer);
        while (buffer.capacity() - bytes < TOTALS_SIZE && buffer.capacity() < MAX_THREADS_PER_READING * TOTALS_SIZE) {
            buffer = bufferFor(2 * buffer.capacity() / TOTALS_SIZE);
            bytes = bpf.threadTotals(buffer);
        }
        readingCount = 0;
        EpisodeDecoder.visitThreadTotals(buffer, bytes, view, takeReading);
        for (int i = 0; i < readingCount; i++) {
            output.write(readings[i]);
        }
        publisher.update(readings, readingCount);
    }

    /** Records the last totals of a thread that exited (they came through the ring buffer). */
    void recordExit(ThreadTotalsView totals) throws IOException {
        if (recorded.test(totals.tid())) {
            output.write(converter.convert(totals, exitReading));
        }
    }

    private void take(ThreadTotalsView totals) {
        if (!recorded.test(totals.tid())) {
            return;
        }
        if (readingCount == readings.length) {
            readings = Arrays.copyOf(readings, Math.max(16, 2 * readings.length));
        }
        if (readings[readingCount] == null) {
            readings[readingCount] = new ThreadStatistics();
        }
        converter.convert(totals, readings[readingCount++]);
    }

    private static ByteBuffer bufferFor(int threads) {
        return ByteBuffer.allocateDirect(threads * TOTALS_SIZE).order(ByteOrder.nativeOrder());
    }
}
