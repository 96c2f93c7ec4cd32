package io.offcpu.bench.startup;

import io.offcpu.bench.harness.Configuration;
import io.offcpu.bench.http.Wrk;
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
 * One start-up run: starts the workload's JVM, notes when main() began (JVM uptime), and at
 * {@code holdSeconds} after the launch reads the process's CPU time and memory from /proc and asks the JVM
 * for its heap and GC figures. The HTTP server is idle, or under wrk from main() to the end of the hold when
 * a {@link Wrk} is given.
 */
final class StartupRun {
    private final ChildJvm childJvm;
    private final List<String> commonJvmOptions;
    private final Wrk wrk;
    private final String helloTask;
    private final double holdSeconds;

    StartupRun(ChildJvm childJvm, List<String> commonJvmOptions, Wrk wrk, String helloTask, double holdSeconds) {
        this.childJvm = childJvm;
        this.commonJvmOptions = commonJvmOptions;
        this.wrk = wrk;
        this.helloTask = helloTask;
        this.holdSeconds = holdSeconds;
    }

    record Result(
            double mainUptimeMs, double cpuSeconds, double agentCpuSeconds, ProcStatus memory, ResultLine snapshot) {
        double heapCommittedMb() {
            return snapshot.number("heapCommittedBytes") / (1024 * 1024);
        }
    }

    List<String> command(Configuration configuration, Workload workload) {
        return childJvm.command(jvmOptions(configuration), workload.mainClass, arguments(workload));
    }

    Result run(Configuration configuration, Workload workload) throws Exception {
        long launchNanos = System.nanoTime();
        ChildProcess child = childJvm.start(jvmOptions(configuration), workload.mainClass, arguments(workload));
        try {
            ResultLine main = child.await(WorkloadCommands.MAIN_ENTERED, Duration.ofSeconds(120 + (long) holdSeconds));
            long holdEndNanos = launchNanos + (long) (holdSeconds * 1e9);
            if (workload == Workload.HTTP && wrk != null) {
                long loadSeconds = (holdEndNanos - System.nanoTime()) / 1_000_000_000L;
                if (loadSeconds >= 1) {
                    wrk.run((int) main.number("port"), loadSeconds);
                }
            }
            long restNanos = holdEndNanos - System.nanoTime();
            if (restNanos > 0) {
                Thread.sleep(restNanos / 1_000_000);
            }
            double cpuSeconds = ProcCpu.processSeconds(child.pid());
            double agentCpuSeconds = ProcCpu.threadSeconds(child.pid(), JvmSnapshot.AGENT_THREAD_PREFIX);
            ProcStatus memory = ProcStatus.read(child.pid());
            child.send(WorkloadCommands.SNAPSHOT);
            ResultLine snapshot = child.await(WorkloadCommands.SNAPSHOT, Duration.ofSeconds(30));
            child.finish(Duration.ofSeconds(120));
            return new Result(main.number("uptimeMs"), cpuSeconds, agentCpuSeconds, memory, snapshot);
        } finally {
            child.kill();
        }
    }

    private List<String> arguments(Workload workload) {
        return workload == Workload.HELLO ? List.of(helloTask) : List.of();
    }

    private List<String> jvmOptions(Configuration configuration) {
        List<String> options = new ArrayList<>(commonJvmOptions);
        options.addAll(configuration.jvmOptions());
        return options;
    }
}
