package io.offcpu.bench.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HandoffBenchmarkTest {
    @Test
    void everyHandoffIsAVoluntaryContextSwitch() throws Exception {
        // The kernel's count of the players' voluntary switches is the oracle: a hand-off blocks the thread
        // that passed the token, so switches grow about as fast as hand-offs (a bit slower when the token
        // comes back before the sender has parked).
        HandoffBenchmark benchmark = new HandoffBenchmark();
        double[] perSecond = new double[1];
        Thread runner = new Thread(() -> {
            try {
                perSecond[0] = benchmark.run(0, 1.5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        runner.start();
        Thread.sleep(300);
        long switchesBefore = playerVoluntarySwitches();
        long handoffsBefore = benchmark.handoffsSoFar();
        Thread.sleep(500);
        long switches = playerVoluntarySwitches() - switchesBefore;
        long handoffs = benchmark.handoffsSoFar() - handoffsBefore;
        runner.join();

        assertTrue(perSecond[0] > 1000, "hand-offs per second: " + perSecond[0]);
        assertTrue(
                switches >= handoffs / 2 && switches <= handoffs * 2 + 100,
                () -> switches + " voluntary switches of the players for " + handoffs + " hand-offs");
        assertEquals(
                0,
                Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith("offcpu-bench-player"))
                        .count(),
                "players still running");
    }

    /** Sum of voluntary_ctxt_switches of the player threads (comm is the name cut to 15 characters). */
    private static long playerVoluntarySwitches() throws Exception {
        long sum = 0;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (!Files.readString(task.resolve("comm")).startsWith("offcpu-bench-pl")) {
                        continue;
                    }
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            sum += Long.parseLong(line.split("\\s+")[1]);
                        }
                    }
                } catch (java.nio.file.NoSuchFileException exited) {
                    // a thread that ended between list and read
                }
            }
        }
        return sum;
    }
}
