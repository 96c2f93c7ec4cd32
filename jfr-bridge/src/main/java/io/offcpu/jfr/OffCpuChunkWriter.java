package io.offcpu.jfr;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
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
    /** The checkpoint and metadata events that end a chunk. */
    private final ByteSink tail = new ByteSink(64 << 10);

    private final ByteSink header = new ByteSink(ChunkHeader.SIZE);
    private final OffCpuFields eventFields = new OffCpuFields();
    private final WakeupFields wakeupFields = new WakeupFields();

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
        this(spoolPath, clock, maxChunkBytes, ConstantPools.DEFAULT_MAX_RETAINED_BYTES);
    }

    /** @param maxRetainedPoolBytes encoded constants kept across chunks, at most (tests use a small bound) */
    OffCpuChunkWriter(Path spoolPath, TickClock clock, int maxChunkBytes, long maxRetainedPoolBytes)
            throws IOException {
        if (maxChunkBytes < MIN_MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException(
                    "maxChunkBytes must be >= " + MIN_MAX_CHUNK_BYTES + ", was " + maxChunkBytes);
        }
        this.spoolPath = Objects.requireNonNull(spoolPath, "spoolPath");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxChunkBytes = maxChunkBytes;
        this.pools = new ConstantPools(clock, maxRetainedPoolBytes);
        try {
            this.spool = FileChannel.open(
                    spoolPath,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new IOException("offcpu: cannot create JFR spool file " + spoolPath + ": " + e, e);
        }
    }

    public synchronized void write(OffCpuEvent event) throws IOException {
        OffCpuFields f = eventFields;
        f.startNanos = event.startNanos();
        f.durationNanos = event.durationNanos();
        f.threadKey = pools.key(OffCpuSchema.THREAD, event.thread());
        f.stackKey = pools.key(OffCpuSchema.STACK_TRACE, OffCpuSchema.stackOf(event.stack(), event.stackTruncated()));
        f.reason = JfrString.of(event.reason());
        f.reasonDetail = JfrString.of(event.reasonDetail());
        f.state = JfrString.of(event.state());
        f.syscall = JfrString.of(event.syscall());
        f.runQueueLatencyNanos = event.runQueueLatencyNanos();
        f.wakerKey = pools.key(OffCpuSchema.THREAD, event.waker());
        f.wokenBy = JfrString.of(event.wokenBy());
        f.cpu = event.cpu();
        f.cpuIn = event.cpuIn();
        f.weightNanos = event.weightNanos();
        f.stackTruncated = event.stackTruncated();
        f.wakeupId = event.wakeupId();
        write(f);
    }

    /**
     * Writes an event whose keys come from {@link #threadKey} and {@link #stackKey} of the current
     * {@link #poolGeneration()}; allocates nothing.
     */
    public synchronized void write(OffCpuFields event) throws IOException {
        long start = clock.ticksAt(event.startNanos);
        append(OffCpuSchema.OFF_CPU, event, start, start + clock.ticksFor(event.durationNanos));
    }

    /** Like {@link #write(OffCpuFields)}, for a wakeup. */
    public synchronized void write(WakeupFields wakeup) throws IOException {
        long at = clock.ticksAt(wakeup.timeNanos);
        append(OffCpuSchema.WAKEUP, wakeup, at, at);
    }

    /**
     * The constant-pool key of {@code thread}, valid while {@link #poolGeneration()} stays the same:
     * a thread's entry is encoded once and written into every chunk whose events refer to it.
     */
    public synchronized long threadKey(ThreadRef thread) {
        return pools.key(OffCpuSchema.THREAD, thread);
    }

    /**
     * The constant-pool key of a stack trace (innermost frame first), 0 for an empty, untruncated
     * one (written as no stack, as the JVM does); valid while {@link #poolGeneration()} stays the same.
     */
    public synchronized long stackKey(List<Frame> frames, boolean truncated) {
        return pools.key(OffCpuSchema.STACK_TRACE, OffCpuSchema.stackOf(frames, truncated));
    }

    /**
     * As {@link #stackKey(List, boolean)} for {@code frames[0..count)}: a stack trace already in the pool is
     * found by content and costs no allocation; the caller may reuse the array afterwards.
     */
    public synchronized long stackKey(Frame[] frames, int count, boolean truncated) {
        return pools.stackKey(frames, count, truncated);
    }

    /**
     * The frames of stack trace {@code key}, as pooled (an unmodifiable list, shared); empty for 0; null when the
     * key is not of the current {@link #poolGeneration()} (another thread's flush made the writer forget it).
     */
    public synchronized List<Frame> stackFrames(long key) {
        return pools.stackFrames(key);
    }

    /** Changes when the writer has forgotten its constants (a memory bound): keys from before are invalid. */
    public synchronized int poolGeneration() {
        return pools.generation();
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
        WakeupFields f = wakeupFields;
        f.timeNanos = wakeup.timeNanos();
        f.wakerKey = pools.key(OffCpuSchema.THREAD, wakeup.waker());
        f.stackKey = pools.key(OffCpuSchema.STACK_TRACE, OffCpuSchema.stackOf(wakeup.stack(), wakeup.stackTruncated()));
        f.wokenKey = pools.key(OffCpuSchema.THREAD, wakeup.woken());
        f.wakeupId = wakeup.wakeupId();
        f.cpu = wakeup.cpu();
        write(f);
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
        // Header, events and tail are written as they are, without copying the chunk into one array.
        long checkpointOffset = ChunkHeader.SIZE + events.size();
        tail.reset();
        scratch.reset();
        scratch.putVarLong(CHECKPOINT_EVENT_TYPE);
        scratch.putVarLong(chunkStartTicks);
        scratch.putVarLong(0); // duration
        scratch.putVarLong(0); // delta to the previous checkpoint: this is the only one
        scratch.putByte(0); // checkpoint kind: ordinary (not a flush, header, statics or thread checkpoint)
        pools.writeTo(scratch);
        tail.putEvent(scratch);

        long metadataOffset = checkpointOffset + tail.size();
        scratch.reset();
        scratch.putVarLong(METADATA_EVENT_TYPE);
        scratch.putVarLong(chunkStartTicks);
        scratch.putVarLong(0); // duration
        scratch.putVarLong(OffCpuSchema.METADATA_ID);
        scratch.putBytes(METADATA_PAYLOAD, 0, METADATA_PAYLOAD.length);
        tail.putEvent(scratch);

        long chunkSize = checkpointOffset + tail.size();
        long startNanos = clock.epochNanosAtTicks(chunkStartTicks);
        long durationNanos = clock.epochNanosAtTicks(chunkEndTicks) - startNanos;
        header.reset();
        for (int i = 0; i < ChunkHeader.SIZE; i++) {
            header.putByte(0);
        }
        new ChunkHeader(
                        FORMAT_MAJOR,
                        FORMAT_MINOR,
                        chunkSize,
                        checkpointOffset,
                        metadataOffset,
                        startNanos,
                        durationNanos,
                        chunkStartTicks,
                        clock.ticksPerSecond(),
                        0,
                        ChunkHeader.FLAG_COMPRESSED_INTS)
                .writeTo(header, 0);

        try {
            ByteBuffer[] parts = {
                ByteBuffer.wrap(header.array(), 0, header.size()),
                ByteBuffer.wrap(events.array(), 0, events.size()),
                ByteBuffer.wrap(tail.array(), 0, tail.size())
            };
            while (parts[2].hasRemaining()) {
                spool.write(parts);
            }
            spool.force(false);
        } catch (IOException e) {
            throw new IOException(
                    "offcpu: cannot append a JFR chunk (" + chunkSize + " bytes) to " + spoolPath + ": " + e, e);
        }
        chunksWritten++;
        events.resetAndTrim(maxChunkBytes);
        tail.resetAndTrim(maxChunkBytes);
        scratch.resetAndTrim(maxChunkBytes);
        pools.startChunk();
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
