package io.offcpu.bench.startup;

import io.offcpu.bench.jvm.WorkloadCommands;
import java.util.Map;

/**
 * The start-up workload: prints the JVM's uptime at the entry of main() (whatever an agent does before main
 * is in it), says hello, then stays until stdin closes, idle or with a light task (a thread that sleeps
 * 10 ms and works a little, ~100 off-CPU episodes a second), answering {@link WorkloadCommands}.
 *
 * <p>Arguments: {@code idle} (default) or {@code light}.
 */
public final class HelloWorld {
    private static final long TICK_MS = 10;

    private HelloWorld() {}

    public static void main(String[] args) throws Exception {
        WorkloadCommands.mainEntered(Map.of());
        System.out.println("hello, world");
        if (args.length > 0 && args[0].equals("light")) {
            Thread ticker = new Thread(HelloWorld::tick, "hello-ticker");
            ticker.setDaemon(true);
            ticker.start();
        }
        WorkloadCommands.serve();
    }

    private static void tick() {
        long x = 1;
        while (true) {
            try {
                Thread.sleep(TICK_MS);
            } catch (InterruptedException e) {
                return;
            }
            for (int i = 0; i < 10_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            if (x == 0) {
                System.out.println("never");
            }
        }
    }
}
