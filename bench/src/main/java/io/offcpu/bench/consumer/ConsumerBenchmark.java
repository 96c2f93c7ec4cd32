package io.offcpu.bench.consumer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * The agent's consumer thread, before and after, side by side: child JVMs run {@link ConsumerWorkload}
 * with one agent jar, then the other, for each case and round. Per run it prints the event rate in the
 * window (offcpu.OffCpu and offcpu.Wakeup events whose time falls in it, from the recording), the
 * consumer's CPU per event and share of a CPU (schedstat), its allocation rate (ThreadMXBean), and
 * the records the kernel side dropped (the last offcpu.Statistics in the file).
 */
public final class ConsumerBenchmark {
    /** A workload: parking threads and the agent options it runs with. */
    record Case(String name, int threads, long parkNanos, String agentOptions) {}

    private record Result(
            double eventsPerSecond,
            double cpuMicrosPerEvent,
            double cpuShare,
            double allocatedBytesPerSecond,
            long recordsDropped,
            long switchesSeen) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        List<Path> jars = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        if (options.containsKey("before")) {
            jars.add(Path.of(options.get("before")));
            labels.add("before");
        }
        jars.add(Path.of(options.getOrDefault("after", "javaagent/target/offcpu.jar")));
        labels.add("after");
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "2"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "8"));
        int window = Integer.parseInt(options.getOrDefault("window", "10"));
        String extra = options.getOrDefault("options", "");
        String benchJar = Path.of(ConsumerBenchmark.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        List<Case> cases = new ArrayList<>();
        for (String name : options.getOrDefault("cases", "10k,100k").split(",")) {
            cases.add(
                    switch (name) {
                        // ~1.1 ms per park (above the 1 ms threshold): 11 threads give ~10k episodes/s. (The
                        // default, sampling at 10 ms, would record about a tenth of them.)
                        case "10k" -> new Case("10k", 11, 1_050_000, "threshold=1ms");
                        // Every episode recorded; 16 threads parking ~150 us give ~100k episodes/s.
                        case "100k" -> new Case("100k", 16, 100_000, "threshold=0");
                        default -> throw new IllegalArgumentException("unknown case " + name + ": 10k or 100k");
                    });
        }
        Path dir = Files.createTempDirectory("offcpu-consumer-bench");
        System.out.printf(
                "consumer benchmark: warm-up %d s, window %d s, %d round(s); java %s%n",
                warmup, window, rounds, System.getProperty("java.version"));
        System.out.printf(
                "%-5s %-7s %5s %11s %10s %9s %12s %9s %12s%n",
                "case", "agent", "round", "events/s", "us/event", "cpu", "alloc B/s", "dropped", "switches");
        for (Case c : cases) {
            Map<String, List<Result>> byJar = new LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                for (int j = 0; j < jars.size(); j++) {
                    Path file = dir.resolve(c.name() + "-" + labels.get(j) + "-" + round + ".jfr");
                    String agentOptions = join("file=" + file, c.agentOptions(), extra);
                    Result r = run(benchJar, jars.get(j), agentOptions, c, warmup, window, file);
                    byJar.computeIfAbsent(labels.get(j), k -> new ArrayList<>()).add(r);
                    print(c.name(), labels.get(j), Integer.toString(round), r);
                    Files.deleteIfExists(file);
                }
            }
            for (Map.Entry<String, List<Result>> e : byJar.entrySet()) {
                print(c.name(), e.getKey(), "mean", mean(e.getValue()));
            }
        }
    }

    private static String join(String... parts) {
        StringBuilder out = new StringBuilder();
        for (String p : parts) {
            if (!p.isEmpty()) {
                out.append(out.length() == 0 ? "" : ",").append(p);
            }
        }
        return out.toString();
    }

    private static void print(String name, String label, String round, Result r) {
        System.out.printf(
                "%-5s %-7s %5s %11.0f %10.2f %8.1f%% %12.0f %9d %12d%n",
                name,
                label,
                round,
                r.eventsPerSecond(),
                r.cpuMicrosPerEvent(),
                100 * r.cpuShare(),
                r.allocatedBytesPerSecond(),
                r.recordsDropped(),
                r.switchesSeen());
    }

    private static Result mean(List<Result> results) {
        double n = results.size();
        return new Result(
                results.stream().mapToDouble(Result::eventsPerSecond).sum() / n,
                results.stream().mapToDouble(Result::cpuMicrosPerEvent).sum() / n,
                results.stream().mapToDouble(Result::cpuShare).sum() / n,
                results.stream().mapToDouble(Result::allocatedBytesPerSecond).sum() / n,
                Math.round(results.stream().mapToLong(Result::recordsDropped).sum() / n),
                Math.round(results.stream().mapToLong(Result::switchesSeen).sum() / n));
    }

    private static Result run(
            String benchJar, Path agentJar, String agentOptions, Case c, int warmup, int window, Path file)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+PreserveFramePointer",
                "-javaagent:" + agentJar + "=" + agentOptions,
                "-cp",
                benchJar,
                ConsumerWorkload.class.getName(),
                Integer.toString(c.threads()),
                Long.toString(c.parkNanos()),
                Integer.toString(warmup),
                Integer.toString(window)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        Map<String, Long> values = new LinkedHashMap<>();
        StringBuilder output = new StringBuilder();
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                output.append(line).append('\n');
                if (line.startsWith("RESULT ")) {
                    for (String kv : line.substring(7).split(" ")) {
                        String[] parts = kv.split("=", 2);
                        values.put(parts[0], parts[1].matches("-?\\d+") ? Long.parseLong(parts[1]) : -1L);
                    }
                }
            }
        }
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0 || !values.containsKey("consumerCpuNanos")) {
            throw new IOException("workload failed (" + agentJar + "):\n" + output);
        }
        Instant from = Instant.ofEpochMilli(values.get("windowStartMillis"));
        Instant to = Instant.ofEpochMilli(values.get("windowEndMillis"));
        long events = 0;
        RecordedEvent lastStatistics = null;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if ((type.equals("offcpu.OffCpu") || type.equals("offcpu.Wakeup"))
                    && !e.getStartTime().isBefore(from)
                    && e.getStartTime().isBefore(to)) {
                events++;
            } else if (type.equals("offcpu.Statistics")
                    && (lastStatistics == null || !e.getStartTime().isBefore(lastStatistics.getStartTime()))) {
                lastStatistics = e;
            }
        }
        double seconds = (to.toEpochMilli() - from.toEpochMilli()) / 1000.0;
        long cpu = values.get("consumerCpuNanos");
        return new Result(
                events / seconds,
                events == 0 ? Double.NaN : cpu / 1000.0 / events,
                cpu / 1e9 / seconds,
                values.get("consumerAllocatedBytes") / seconds,
                lastStatistics == null ? -1 : lastStatistics.getLong("recordsDropped"),
                lastStatistics == null ? -1 : lastStatistics.getLong("switchesSeen"));
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help")) {
                System.out.println("usage: consumer.sh [--before JAR] [--after JAR] [--cases 10k,100k] [--rounds N]"
                        + " [--warmup S] [--window S] [--options k=v,...]");
                System.exit(0);
            }
            if (!a.startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected --name value, got " + a + " (--help lists them)");
            }
            options.put(a.substring(2), args[++i]);
        }
        return options;
    }

    private ConsumerBenchmark() {}
}
