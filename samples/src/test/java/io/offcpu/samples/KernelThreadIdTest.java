package io.offcpu.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class KernelThreadIdTest {
    @Test
    void isTheTaskOfThisProcessThatCarriesTheThreadsName() throws Exception {
        // The kernel's own record of the thread is the oracle: /proc/<pid>/task/<tid>/comm holds the name
        // HotSpot gave the thread, cut to 15 characters.
        String name = "kernel-tid-probe-thread";
        CompletableFuture<Long> probeTid = new CompletableFuture<>();
        CompletableFuture<String> probeComm = new CompletableFuture<>();
        Thread probe = new Thread(
                () -> {
                    try {
                        long tid = KernelThreadId.current();
                        probeTid.complete(tid);
                        probeComm.complete(Files.readString(Path.of(
                                        "/proc",
                                        Long.toString(ProcessHandle.current().pid()),
                                        "task",
                                        Long.toString(tid),
                                        "comm"))
                                .trim());
                    } catch (Exception e) {
                        probeComm.completeExceptionally(e);
                    }
                },
                name);
        probe.start();
        probe.join();

        assertEquals(name.substring(0, 15), probeComm.get());
        assertNotEquals(KernelThreadId.current(), probeTid.get(), "two threads, two tids");
    }
}
