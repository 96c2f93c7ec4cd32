package io.offcpu.jfr;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes off-CPU events as self-contained JFR chunks appended to a spool file.
 *
 * <p>Events are encoded as they arrive into an in-memory chunk. {@link #flushChunk()} finishes it
 * (events, one checkpoint with the constant pools, the metadata last, where JMC expects it), appends
 * it to the spool file and forces it to disk, so a crash loses at most the chunk being built; a chunk
 * torn by a crash is recognised and skipped by {@link RecordingFiles}. The chunk is also flushed
 * automatically once it passes {@code maxChunkBytes}, which bounds memory.
 *
 * <p>Not bound to any thread and starts none; methods are synchronized so a consumer thread can write
 * events while another writes statistics or flushes.
 */
public final class OffCpuChunkWriter implements Closeable {

    public static final int DEFAULT_MAX_CHUNK_BYTES = 4 << 20;
    public static final int MIN_MAX_CHUNK_BYTES = 16 << 10;

    private static final long METADATA_EVENT_TYPE = 0;
    private static final long CHECKPOINT_EVENT_TYPE = 1;
    private static final int FORMAT_MAJOR = 2;
    private static final int FORMAT_MINOR = 1;
    private static final byte[] METADATA_PAYLOAD = MetadataEncoder.encode(OffCpuSchema.allTypes());

    private final Path spoolPath;
    private final FileChannel spool;
    private final TickClock clock;
    private final int maxChunkBytes;
    private final ConstantPools pools;
    private final ByteSink events = new ByteSink(64 << 10);
    private final ByteSink scratch = new ByteSink(4 << 10);

    private long chunkStartTicks = Long.MAX_VALUE;
    private long chunkEndTicks = Long.MIN_VALUE;
    private int chunkEvents;
    private long chunksWritten;
    private long eventsWritten;
    private boolean closed;

    /** Creates (or truncates) the spool file; chunks are bounded by {@link #DEFAULT_MAX_CHUNK_BYTES}. */
    public OffCpuChunkWriter(Path spoolPath, TickClock clock) throws IOException {
        this(spoolPath, clock, DEFAULT_MAX_CHUNK_BYTES);
    }

    /**
     * @param maxChunkBytes flush automatically once the in-memory chunk reaches this size; at least
     *                      {@link #MIN_MAX_CHUNK_BYTES}
     */
    public OffCpuChunkWriter(Path spoolPath, TickClock clock, int maxChunkBytes) throws IOException {
        if (maxChunkBytes < MIN_MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException("maxChunkBytes must be >= " + MIN_MAX_CHUNK_BYTES + ", was " + maxChunkBytes);
        }
        this.spoolPath = Objects.requireNonNull(spoolPath, "spoolPath");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxChunkBytes = maxChunkBytes;
        this.pools = new ConstantPools(clock);
        try {
            this.spool = FileChannel.open(spoolPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new IOException("offcpu: cannot create JFR spool file " + spoolPath + ": " + e, e);
        }
    }

    public synchronized void write(OffCpuEvent event) throws IOException {
        long start = clock.ticksAt(event.startNanos());
        append(OffCpuSchema.OFF_CPU, event, start, start + clock.ticksFor(event.durationNanos()));
    }

    public synchronized void write(OffCpuStatistics statistics) throws IOException {
        long at = clock.ticksAt(statistics.timeNanos());
        append(OffCpuSchema.STATISTICS, statistics, at, at);
    }

    public synchronized void write(ThreadStatistics statistics) throws IOException {
        long at = clock.ticksAt(statistics.timeNanos());
        append(OffCpuSchema.THREAD_STATISTICS, statistics, at, at);
    }

    public synchronized void write(WakeupEvent wakeup) throws IOException {
        long at = clock.ticksAt(wakeup.timeNanos());
        append(OffCpuSchema.WAKEUP, wakeup, at, at);
    }

    public synchronized void write(ExecutionSample sample) throws IOException {
        long at = clock.ticksAt(sample.timeNanos());
        append(OffCpuSchema.EXECUTION_SAMPLE, sample, at, at);
    }

    private <T> void append(JfrType<T> type, T value, long startTicks, long endTicks) throws IOException {
        ensureOpen();
        scratch.reset();
        scratch.putVarLong(type.id);
        type.writeFields(value, pools, scratch);
        events.putEvent(scratch);
        chunkStartTicks = Math.min(chunkStartTicks, startTicks);
        chunkEndTicks = Math.max(chunkEndTicks, endTicks);
        chunkEvents++;
        eventsWritten++;
        if (events.size() + pools.byteSize() + METADATA_PAYLOAD.length >= maxChunkBytes) {
            flushChunk();
        }
    }

    /**
     * Ends the current chunk: appends it, complete, to the spool file and forces it to disk. Does
     * nothing when no event was written since the last flush.
     */
    public synchronized void flushChunk() throws IOException {
        ensureOpen();
        if (chunkEvents == 0) {
            return;
        }
        ByteSink chunk = new ByteSink(ChunkHeader.SIZE + events.size() + (int) pools.byteSize()
                + METADATA_PAYLOAD.length + 256);
        for (int i = 0; i < ChunkHeader.SIZE; i++) {
            chunk.putByte(0); // header, filled in below
        }
        chunk.putAll(events);

        long checkpointOffset = chunk.size();
        scratch.reset();
        scratch.putVarLong(CHECKPOINT_EVENT_TYPE);
        scratch.putVarLong(chunkStartTicks);
        scratch.putVarLong(0); // duration
        scratch.putVarLong(0); // delta to the previous checkpoint: this is the only one
        scratch.putByte(0);    // checkpoint kind: ordinary (not a flush, header, statics or thread checkpoint)
        pools.writeTo(scratch);
        chunk.putEvent(scratch);

        long metadataOffset = chunk.size();
        scratch.reset();
        scratch.putVarLong(METADATA_EVENT_TYPE);
        scratch.putVarLong(chunkStartTicks);
        scratch.putVarLong(0); // duration
        scratch.putVarLong(OffCpuSchema.METADATA_ID);
        scratch.putBytes(METADATA_PAYLOAD, 0, METADATA_PAYLOAD.length);
        chunk.putEvent(scratch);

        long startNanos = clock.epochNanosAtTicks(chunkStartTicks);
        long durationNanos = clock.epochNanosAtTicks(chunkEndTicks) - startNanos;
        new ChunkHeader(FORMAT_MAJOR, FORMAT_MINOR, chunk.size(), checkpointOffset, metadataOffset, startNanos,
                durationNanos, chunkStartTicks, clock.ticksPerSecond(), 0, ChunkHeader.FLAG_COMPRESSED_INTS)
                .writeTo(chunk, 0);

        try {
            ByteBuffer buf = ByteBuffer.wrap(chunk.array(), 0, chunk.size());
            while (buf.hasRemaining()) {
                spool.write(buf);
            }
            spool.force(false);
        } catch (IOException e) {
            throw new IOException("offcpu: cannot append a JFR chunk (" + chunk.size() + " bytes) to " + spoolPath
                    + ": " + e, e);
        }
        chunksWritten++;
        events.resetAndTrim(maxChunkBytes);
        pools.clear();
        chunkStartTicks = Long.MAX_VALUE;
        chunkEndTicks = Long.MIN_VALUE;
        chunkEvents = 0;
    }

    public synchronized long chunksWritten() {
        return chunksWritten;
    }

    public synchronized long eventsWritten() {
        return eventsWritten;
    }

    public Path spoolPath() {
        return spoolPath;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("offcpu: JFR chunk writer for " + spoolPath + " is closed");
        }
    }

    /** Flushes the last chunk and closes the spool file. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            flushChunk();
        } finally {
            closed = true;
            spool.close();
        }
    }
}
