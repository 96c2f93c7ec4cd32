package io.offcpu.codemap;

import io.offcpu.jni.CodeEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Moves code events from the native buffer into a {@link CodeMap} and, optionally, a
 * {@link PerfMapWriter}: a daemon thread drains every {@code periodMillis}, one JNI call per
 * batch, and flushes the perf map after each drain. The native library must be loaded.
 */
public final class CodeEventPump implements AutoCloseable {
    /*
     * The least a drain takes (one record of the largest size). A direct buffer is zeroed when allocated, so
     * all of it is resident in the application's process from the start; the start-up replay simply takes a
     * few more drains.
     */
    private static final int BUFFER_BYTES = CodeMapContract.MAX_RECORD_BYTES;

    private final CodeMap codeMap;
    private final PerfMapWriter perfMap; // null: no perf map
    private final long periodMillis;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.nativeOrder());
    /** One instance: a method reference made per drain would be an object per drain. */
    private final Consumer<CodeEvent> applier = this::apply;

    private final Thread thread;
    private volatile boolean running;
    private volatile Throwable failure;

    /**
     * @param perfMap      where to write the perf map, or null for none; closed by {@link #close}
     * @param periodMillis how often to drain, at least 1
     */
    public CodeEventPump(CodeMap codeMap, PerfMapWriter perfMap, long periodMillis) {
        if (periodMillis < 1) {
            throw new IllegalArgumentException("periodMillis must be >= 1, got " + periodMillis);
        }
        requireFormat(CodeEvents.formatVersion());
        this.codeMap = codeMap;
        this.perfMap = perfMap;
        this.periodMillis = periodMillis;
        this.thread = new Thread(this::run, "offcpu-codemap");
        this.thread.setDaemon(true);
    }

    /**
     * Refuses a native library from another build: its records could have another layout than the one
     * {@link CodeMapContract} was generated from.
     */
    static void requireFormat(int nativeVersion) {
        if (nativeVersion != CodeMapContract.FORMAT_VERSION) {
            throw new IllegalStateException("offcpu: the native library writes code-map format " + nativeVersion
                    + " but this decoder reads format " + CodeMapContract.FORMAT_VERSION
                    + "; use the liboffcpu.so built with this jar");
        }
    }

    /**
     * Starts draining, then replays the code generated before (CodeEvents.start), which blocks
     * until the replay is done; draining meanwhile keeps a large code cache from overflowing
     * the native buffer.
     */
    public void start() {
        running = true;
        thread.start();
        CodeEvents.start();
    }

    /** The drain thread, so the profiler can leave its own threads out of the recording. */
    public Thread thread() {
        return thread;
    }

    public CodeMap codeMap() {
        return codeMap;
    }

    private void apply(CodeEvent event) {
        Optional<CodeBlob> added = codeMap.apply(event);
        if (perfMap != null && added.isPresent()) {
            perfMap.add(added.get());
        }
    }

    /** Drains everything pending now, on the calling thread. Returns the records applied. */
    public synchronized int drainNow() {
        int records = 0;
        for (int bytes; (bytes = CodeEvents.drain(buffer)) > 0; ) {
            // Applied as decoded: the start-up replay is thousands of records, not worth a list.
            records += CodeEventDecoder.decode(buffer, bytes, applier);
        }
        if (perfMap != null) {
            try {
                perfMap.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("offcpu: cannot append to the perf map " + perfMap.path(), e);
            }
        }
        return records;
    }

    /** Records the native side dropped because its buffer was full. */
    public long droppedRecords() {
        return CodeEvents.droppedRecords();
    }

    /** The error that stopped the drain thread, if any. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    private void run() {
        try {
            while (running) {
                drainNow();
                // Not sleep()+interrupt(): an interrupt would close the perf map's FileChannel.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(periodMillis));
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    /** Stops the events and the thread, applies what is left, closes the perf map. */
    @Override
    public void close() throws IOException {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        CodeEvents.stop();
        try {
            drainNow();
        } finally {
            if (perfMap != null) {
                perfMap.close();
            }
        }
    }
}
