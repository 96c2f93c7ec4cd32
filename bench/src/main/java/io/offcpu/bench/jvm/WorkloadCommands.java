package io.offcpu.bench.jvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The workload side of {@link ChildProcess}: a child says when main() began, then answers the harness's
 * commands on stdin until stdin closes: {@code snapshot} prints a {@link JvmSnapshot} line.
 */
public final class WorkloadCommands {
    public static final String MAIN_ENTERED = "main";
    public static final String SNAPSHOT = "snapshot";

    private WorkloadCommands() {}

    /**
     * Prints the {@code main} line with the JVM's uptime now; call first thing in main(). Whatever ran
     * before main() (JVM start-up, a {@code -javaagent}'s premain) is in it.
     */
    public static void mainEntered(Map<String, ?> more) {
        long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
        var values = new java.util.LinkedHashMap<String, Object>();
        values.put("uptimeMs", uptimeMs);
        values.putAll(more);
        System.out.println(ResultLine.format(MAIN_ENTERED, values));
    }

    /** Answers commands until stdin closes, then returns. */
    public static void serve() throws IOException {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String command; (command = stdin.readLine()) != null; ) {
            if (command.equals(SNAPSHOT)) {
                System.out.println(JvmSnapshot.line(SNAPSHOT));
            } else {
                System.out.println("unknown command '" + command + "': expected " + SNAPSHOT);
            }
        }
    }
}
