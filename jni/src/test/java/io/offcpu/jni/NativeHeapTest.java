package io.offcpu.jni;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import sun.misc.Unsafe;

/**
 * Freed C heap leaves the process's RSS when trimmed: the kernel's own count of resident anonymous memory is
 * the oracle. The JVM's Unsafe.allocateMemory is a glibc malloc, so many small blocks freed in an order
 * that leaves the arena's top in use stay resident until trimmed.
 */
class NativeHeapTest {
    private static final int BLOCKS = 200_000;
    private static final int BLOCK_BYTES = 256;

    @Test
    void trimGivesFreedBlocksBackToTheKernel() throws Exception {
        Unsafe unsafe = unsafe();
        long[] blocks = new long[BLOCKS];
        for (int i = 0; i < BLOCKS; i++) {
            blocks[i] = unsafe.allocateMemory(BLOCK_BYTES);
            unsafe.setMemory(blocks[i], BLOCK_BYTES, (byte) 1); // resident
        }
        long pinned = unsafe.allocateMemory(BLOCK_BYTES); // keeps the arena's top from shrinking by itself
        for (long block : blocks) {
            unsafe.freeMemory(block);
        }
        long before = residentAnonymousKb();
        assertTrue(NativeHeap.trim(), "malloc_trim released nothing");
        long after = residentAnonymousKb();
        unsafe.freeMemory(pinned);
        long freedKb = (long) BLOCKS * BLOCK_BYTES / 1024;
        assertTrue(
                before - after >= freedKb / 2,
                "RssAnon went from " + before + " KB to " + after + " KB; " + freedKb + " KB had been freed");
    }

    private static long residentAnonymousKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("RssAnon:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no RssAnon in /proc/self/status");
    }

    private static Unsafe unsafe() throws ReflectiveOperationException {
        Field f = Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        return (Unsafe) f.get(null);
    }
}
