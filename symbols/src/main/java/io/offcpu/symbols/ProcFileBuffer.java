package io.offcpu.symbols;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A {@code /proc} file's bytes, read into one buffer that is kept between reads: a JVM's maps file is
 * hundreds of KB (thread stacks, guard pages, heap regions) and is polled every second, so reading it
 * afresh each time would allocate that much in the application's heap every second. Reads go through
 * {@link FileInputStream} in pieces of at most 8 KB, which the JDK copies through its own stack buffer
 * (larger reads, and NIO channels on heap buffers, take native memory per call or per thread).
 * Not thread-safe: one reader per buffer.
 */
final class ProcFileBuffer {
    private static final int PIECE_BYTES = 8192;

    private byte[] bytes = new byte[64 << 10];
    private int length;

    /** Reads the whole file; /proc files report no size, so read until end of file. */
    void read(Path file) throws IOException {
        length = 0;
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            for (int n; (n = in.read(bytes, length, Math.min(PIECE_BYTES, bytes.length - length))) > 0; ) {
                length += n;
                if (length == bytes.length) {
                    bytes = Arrays.copyOf(bytes, bytes.length * 2);
                }
            }
        }
    }

    /** The bytes read are {@code bytes()[0, length())}; the array is reused by the next read. */
    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    String text() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
