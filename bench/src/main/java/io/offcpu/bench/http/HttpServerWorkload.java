package io.offcpu.bench.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.offcpu.bench.jvm.WorkloadCommands;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small service as users run them: the JDK's {@code HttpServer} on loopback with a pool of worker
 * threads, each request passing through a short {@code synchronized} section (a shared counter and a little
 * work), so that workers contend for a monitor and block on sockets: off-CPU episodes of the kinds a real
 * server has. Prints {@code offcpu-bench main uptimeMs=<n> port=<port>}, then answers {@link WorkloadCommands}
 * until stdin closes.
 *
 * <p>Arguments: worker threads (default 16).
 */
public final class HttpServerWorkload {
    static final byte[] BODY = "hello, world\n".getBytes(StandardCharsets.US_ASCII);
    /** About a microsecond of work under the lock: short, as in a service that updates shared state. */
    private static final int WORK_UNDER_LOCK = 200;

    private final Object lock = new Object();
    private long requests;
    private long checksum;

    public static void main(String[] args) throws IOException {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        // The JDK server writes headers and body apart; with Nagle on, each response waits for the client's
        // delayed ACK (~40 ms) and the server idles: a latency benchmark of the loopback, not of the server.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        AtomicInteger workerNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(
                workers, task -> new Thread(task, "http-worker-" + workerNumber.incrementAndGet()));
        HttpServerWorkload workload = new HttpServerWorkload();
        server.setExecutor(pool);
        server.createContext("/", workload::handle);
        server.start();
        WorkloadCommands.mainEntered(Map.of("port", server.getAddress().getPort()));
        WorkloadCommands.serve();
        server.stop(0);
        pool.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            synchronized (lock) {
                requests++;
                long x = requests;
                for (int i = 0; i < WORK_UNDER_LOCK; i++) {
                    x = x * 6364136223846793005L + 1442695040888963407L;
                }
                checksum += x;
            }
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(BODY);
            }
        }
    }
}
