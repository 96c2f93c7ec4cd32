package io.offcpu.bench.consumer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * The profiled JVM of {@link ConsumerBenchmark}: {@code threads} threads each parking
 * {@code parkNanos} in a loop (one off-CPU episode per park), so the event rate is about
 * threads / (parkNanos + wakeup latency). After the warm-up it measures the agent's consumer thread
 * over the window, from inside: on-CPU time from {@code /proc/self/task/<tid>/schedstat} and bytes
 * allocated from {@code com.sun.management.ThreadMXBean}; it prints one {@code RESULT} line and exits
 * (the agent writes the recording at exit).
 *
 * <p>Arguments: threads parkNanos warmupSeconds windowSeconds
 */
public final class ConsumerWorkload {
    static final String CONSUMER_THREAD = "offcpu-consumer";
    private static volatile boolean running = true;

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        long parkNanos = Long.parseLong(args[1]);
        long warmupMillis = Long.parseLong(args[2]) * 1000;
        long windowMillis = Long.parseLong(args[3]) * 1000;
        Thread[] parkers = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            parkers[i] = new Thread(
                    () -> {
                        while (running) {
                            LockSupport.parkNanos(parkNanos);
                        }
                    },
                    "parker-" + i);
            parkers[i].setDaemon(true);
            parkers[i].start();
        }
        Thread.sleep(warmupMillis);
        Thread consumer = javaThread(CONSUMER_THREAD);
        Path schedstat = schedstatOf(CONSUMER_THREAD);
        if (consumer == null || schedstat == null) {
            System.out.println("RESULT error=no-consumer-thread");
            System.exit(1);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long startMillis = System.currentTimeMillis();
        long cpu0 = onCpuNanos(schedstat);
        long alloc0 = mx.getThreadAllocatedBytes(consumer.getId());
        Thread.sleep(windowMillis);
        long cpu1 = onCpuNanos(schedstat);
        long alloc1 = mx.getThreadAllocatedBytes(consumer.getId());
        long endMillis = System.currentTimeMillis();
        System.out.println("RESULT consumerCpuNanos=" + (cpu1 - cpu0) + " consumerAllocatedBytes=" + (alloc1 - alloc0)
                + " windowStartMillis=" + startMillis + " windowEndMillis=" + endMillis);
        System.out.flush();
        // Quiet before exit: the agent drains the ring buffer at exit, which must not chase new episodes.
        running = false;
        for (Thread t : parkers) {
            t.join();
        }
        System.exit(0);
    }

    private static Thread javaThread(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The schedstat file of the thread whose kernel name is {@code name} (15 characters kept by the kernel). */
    private static Path schedstatOf(String name) throws IOException {
        String comm = name.length() > 15 ? name.substring(0, 15) : name;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().equals(comm)) {
                        return task.resolve("schedstat");
                    }
                } catch (IOException gone) {
                    // the thread exited meanwhile
                }
            }
        }
        return null;
    }

    /** The first field of schedstat: time spent on the CPU, ns. */
    private static long onCpuNanos(Path schedstat) throws IOException {
        return Long.parseLong(Files.readString(schedstat).trim().split("\\s+")[0]);
    }

    private ConsumerWorkload() {}
}
