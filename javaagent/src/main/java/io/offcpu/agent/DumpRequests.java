package io.offcpu.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Dumps asked for by other threads, done by the consumer thread between batches (it owns the ring buffer): the
 * asking thread waits for the consumer's answer, or gives up after a timeout.
 */
final class DumpRequests {
    /** What the consumer thread does for one request. */
    interface Dump {
        void to(Path destination) throws IOException;
    }

    private record DumpRequest(Path destination, CompletableFuture<Void> done) {}

    private final BlockingQueue<DumpRequest> requests = new LinkedBlockingQueue<>();
    private final Dump dump;
    /** Why the consumer thread stopped, if it did: said when it does not answer. */
    private final Supplier<Throwable> consumerFailure;

    DumpRequests(Dump dump, Supplier<Throwable> consumerFailure) {
        this.dump = dump;
        this.consumerFailure = consumerFailure;
    }

    /** Asks for a dump to {@code destination} and waits until the consumer thread has written it. */
    void await(Path destination, Duration timeout) throws IOException {
        DumpRequest request = new DumpRequest(destination, new CompletableFuture<>());
        requests.add(request);
        try {
            request.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while dumping to " + destination, e);
        } catch (TimeoutException e) {
            requests.remove(request);
            Throwable failure = consumerFailure.get();
            throw new IOException(
                    "the recording did not answer within " + timeout.toSeconds() + " s"
                            + (failure != null ? ": " + failure : ""),
                    e);
        }
    }

    /** Does every dump asked for until now; on the consumer thread, between batches. */
    void serve() {
        for (DumpRequest request; (request = requests.poll()) != null; ) {
            try {
                dump.to(request.destination());
                request.done().complete(null);
            } catch (IOException | RuntimeException e) {
                request.done().completeExceptionally(e);
            }
        }
    }
}
