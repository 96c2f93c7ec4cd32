package io.offcpu.jfr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The fixed 68-byte header at the start of every JFR chunk (format 2.x, as HotSpot 17 and 25 write
 * it), big-endian. Offsets are relative to the chunk start.
 *
 * @param major              format major version (2)
 * @param minor              format minor version (1 for JDK 17 and 25)
 * @param chunkSize          bytes in the chunk, header included
 * @param constantPoolOffset offset of the last checkpoint event, 0 when there is none
 * @param metadataOffset     offset of the metadata event
 * @param startNanos         wall-clock time of {@code startTicks}, ns since the epoch
 * @param durationNanos      time the chunk covers
 * @param startTicks         tick counter at {@code startNanos}
 * @param ticksPerSecond     tick frequency
 * @param fileState          0 when the chunk is finished; HotSpot writes other values while writing
 * @param flags              bit 0: integers are LEB128 varints; bit 1: final chunk
 */
public record ChunkHeader(
        int major,
        int minor,
        long chunkSize,
        long constantPoolOffset,
        long metadataOffset,
        long startNanos,
        long durationNanos,
        long startTicks,
        long ticksPerSecond,
        int fileState,
        int flags) {

    public static final int SIZE = 68;
    public static final int FLAG_COMPRESSED_INTS = 1;
    private static final int MAGIC = 0x464C5200; // "FLR\0"

    /** Reads a header from {@code bytes} at its current position (68 bytes are consumed). */
    public static ChunkHeader read(ByteBuffer bytes) throws IOException {
        if (bytes.remaining() < SIZE) {
            throw new IOException("incomplete JFR chunk header: " + bytes.remaining() + " bytes, need " + SIZE);
        }
        ByteBuffer b = bytes.slice().order(ByteOrder.BIG_ENDIAN);
        int magic = b.getInt(0);
        if (magic != MAGIC) {
            throw new IOException(
                    String.format("not a JFR chunk: magic 0x%08x, expected 0x%08x (\"FLR\\0\")", magic, MAGIC));
        }
        ChunkHeader h = new ChunkHeader(
                b.getShort(4),
                b.getShort(6),
                b.getLong(8),
                b.getLong(16),
                b.getLong(24),
                b.getLong(32),
                b.getLong(40),
                b.getLong(48),
                b.getLong(56),
                b.get(64) & 0xFF,
                b.get(67) & 0xFF);
        bytes.position(bytes.position() + SIZE);
        return h;
    }

    void writeTo(ByteSink out, int position) {
        byte[] a = out.array();
        a[position] = 'F';
        a[position + 1] = 'L';
        a[position + 2] = 'R';
        a[position + 3] = 0;
        a[position + 4] = (byte) (major >>> 8);
        a[position + 5] = (byte) major;
        a[position + 6] = (byte) (minor >>> 8);
        a[position + 7] = (byte) minor;
        out.setRawLong(position + 8, chunkSize);
        out.setRawLong(position + 16, constantPoolOffset);
        out.setRawLong(position + 24, metadataOffset);
        out.setRawLong(position + 32, startNanos);
        out.setRawLong(position + 40, durationNanos);
        out.setRawLong(position + 48, startTicks);
        out.setRawLong(position + 56, ticksPerSecond);
        a[position + 64] = (byte) fileState;
        a[position + 65] = 0;
        a[position + 66] = 0;
        a[position + 67] = (byte) flags;
    }

    public boolean compressedIntegers() {
        return (flags & FLAG_COMPRESSED_INTS) != 0;
    }
}
