package io.offcpu.bench.http;

import io.offcpu.bench.harness.Configuration;
import io.offcpu.bench.jvm.ChildJvm;
import io.offcpu.bench.jvm.ChildProcess;
import io.offcpu.bench.jvm.JvmSnapshot;
import io.offcpu.bench.jvm.ProcCpu;
import io.offcpu.bench.jvm.ProcStatus;
import io.offcpu.bench.jvm.ResultLine;
import io.offcpu.bench.jvm.WorkloadCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of {@link HttpServerWorkload} in its own JVM under {@link Wrk}: wrk for the settle time (not
 * measured: the JIT, the agent's start-up), then wrk for the measured time, between two snapshots of the
 * server's JVM (heap, GC, allocation by thread group) and of its threads' CPU in /proc.
 */
public final class HttpServerRun {
    /** Up to this long for main(): an agent that holds it back by seconds still gets measured. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final ChildJvm childJvm;
    private final List<String> commonJvmOptions;
    private final Wrk wrk;
    private final int workers;
    private final long settleSeconds;
    private final long seconds;

    public HttpServerRun(
            ChildJvm childJvm, List<String> commonJvmOptions, Wrk wrk, int workers, long settleSeconds, long seconds) {
        this.childJvm = childJvm;
        this.commonJvmOptions = commonJvmOptions;
        this.wrk = wrk;
        this.workers = workers;
        this.settleSeconds = settleSeconds;
        this.seconds = seconds;
    }

    /** What one run measured, the window being the measured wrk run. */
    public record Result(
            WrkResult wrk,
            double windowSeconds,
            ResultLine before,
            ResultLine after,
            double agentCpuSeconds,
            double processCpuSeconds,
            ProcStatus memory) {
        /** Bytes per second allocated in the Java heap during the window by one thread group's live threads. */
        public double allocatedBytesPerSecond(String key) {
            return (after.number(key) - before.number(key)) / windowSeconds;
        }

        /** The same for each agent thread, {@code name=B/s}. */
        public List<String> agentThreadBytesPerSecond() {
            List<String> perThread = new ArrayList<>();
            var beforeBytes = AgentThreads.parse(before.values().get("agentThreadAllocatedBytes"));
            AgentThreads.parse(after.values().get("agentThreadAllocatedBytes"))
                    .forEach((name, bytes) -> perThread.add(String.format(
                            "%s=%,.0f", name, (bytes - beforeBytes.getOrDefault(name, 0L)) / windowSeconds)));
            return perThread;
        }

        public double youngGcsInWindow() {
            return after.number("youngGcCount") - before.number("youngGcCount");
        }

        public double youngGcMsInWindow() {
            return after.number("youngGcMs") - before.number("youngGcMs");
        }
    }

    public List<String> command(Configuration configuration) {
        return childJvm.command(
                jvmOptions(configuration), HttpServerWorkload.class, List.of(Integer.toString(workers)));
    }

    public Result run(Configuration configuration) throws Exception {
        ChildProcess server =
                childJvm.start(jvmOptions(configuration), HttpServerWorkload.class, List.of(Integer.toString(workers)));
        try {
            int port = (int)
                    server.await(WorkloadCommands.MAIN_ENTERED, START_TIMEOUT).number("port");
            if (settleSeconds > 0) {
                wrk.run(port, settleSeconds);
            }
            ResultLine before = snapshot(server);
            double agentCpuBefore = ProcCpu.threadSeconds(server.pid(), JvmSnapshot.AGENT_THREAD_PREFIX);
            double processCpuBefore = ProcCpu.processSeconds(server.pid());
            long start = System.nanoTime();
            WrkResult measured = wrk.run(port, seconds);
            double windowSeconds = (System.nanoTime() - start) / 1e9;
            double agentCpu = ProcCpu.threadSeconds(server.pid(), JvmSnapshot.AGENT_THREAD_PREFIX) - agentCpuBefore;
            double processCpu = ProcCpu.processSeconds(server.pid()) - processCpuBefore;
            ProcStatus memory = ProcStatus.read(server.pid());
            ResultLine after = snapshot(server);
            server.finish(Duration.ofSeconds(120));
            return new Result(measured, windowSeconds, before, after, agentCpu, processCpu, memory);
        } finally {
            server.kill();
        }
    }

    private static ResultLine snapshot(ChildProcess server) throws Exception {
        server.send(WorkloadCommands.SNAPSHOT);
        return server.await(WorkloadCommands.SNAPSHOT, Duration.ofSeconds(30));
    }

    private List<String> jvmOptions(Configuration configuration) {
        List<String> options = new ArrayList<>(commonJvmOptions);
        options.addAll(configuration.jvmOptions());
        return options;
    }
}
