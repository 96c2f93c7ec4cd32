package io.offcpu.jni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tid read through VMStructs is the one the kernel reports for the thread itself. */
class HotSpotThreadsTest {
    @BeforeAll
    static void loadLibrary() {
        System.setProperty(NativeLibrary.PATH_PROPERTY, "target/classes/native/linux-x86_64/liboffcpu.so");
    }

    /** /proc/thread-self links to "<pid>/task/<tid>" for the calling thread. */
    private static int ownTid() {
        try {
            return Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self"))
                    .getFileName()
                    .toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void tidsMatchWhatEachThreadSeesOfItself() throws Exception {
        CompletableFuture<Integer> otherTid = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        Thread other = new Thread(
                () -> {
                    otherTid.complete(ownTid());
                    release.join();
                },
                "tid-probe");
        other.start();
        try {
            int[] tids = HotSpotThreads.kernelThreadIds(new Thread[] {Thread.currentThread(), other});
            assertNotNull(tids, "VMStructs entries missing");
            assertArrayEquals(new int[] {ownTid(), otherTid.get()}, tids);
        } finally {
            release.complete(null);
            other.join();
        }
        assertArrayEquals(new int[] {-1}, HotSpotThreads.kernelThreadIds(new Thread[] {other}));
    }
}
