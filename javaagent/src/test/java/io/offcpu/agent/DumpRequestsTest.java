package io.offcpu.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A dump asked for on one thread is written on the thread that serves the requests, and its outcome returns. */
class DumpRequestsTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void theServingThreadWritesTheDumpAndTheAskerWaitsForIt() throws Exception {
        List<String> written = new ArrayList<>();
        AtomicReference<Thread> writer = new AtomicReference<>();
        DumpRequests dumps = new DumpRequests(
                destination -> {
                    writer.set(Thread.currentThread());
                    written.add(destination.toString());
                },
                () -> null);
        CompletableFuture<Void> asked = CompletableFuture.runAsync(() -> {
            try {
                dumps.await(Path.of("a.jfr"), LONG);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });

        serveUntil(dumps, asked);

        assertSame(Thread.currentThread(), writer.get(), "written on the serving thread");
        assertEquals(List.of("a.jfr"), written);
    }

    @Test
    void aFailedDumpIsTheAskersIOException() throws Exception {
        IOException full = new IOException("no space left on device");
        DumpRequests dumps = new DumpRequests(
                destination -> {
                    throw full;
                },
                () -> null);
        CompletableFuture<IOException> thrown = CompletableFuture.supplyAsync(
                () -> assertThrows(IOException.class, () -> dumps.await(Path.of("b.jfr"), LONG)));

        serveUntil(dumps, thrown);

        assertSame(full, thrown.get());
    }

    @Test
    void anUnansweredRequestSaysWhyAndIsWithdrawn() {
        List<Path> written = new ArrayList<>();
        RuntimeException failure = new IllegalStateException("the consumer failed");
        DumpRequests dumps = new DumpRequests(written::add, () -> failure);

        IOException e = assertThrows(IOException.class, () -> dumps.await(Path.of("c.jfr"), Duration.ofMillis(50)));

        assertTrue(e.getMessage().startsWith("the recording did not answer within 0 s: "), e.getMessage());
        assertTrue(e.getMessage().endsWith(failure.toString()), e.getMessage());
        dumps.serve();
        assertFalse(written.contains(Path.of("c.jfr")), "the consumer does not write a dump nobody waits for");
    }

    /** Serves requests as the consumer thread does between batches, until the asker has its answer. */
    private static void serveUntil(DumpRequests dumps, CompletableFuture<?> asked) throws Exception {
        while (!asked.isDone()) {
            dumps.serve();
            Thread.sleep(1);
        }
        asked.get();
    }
}
