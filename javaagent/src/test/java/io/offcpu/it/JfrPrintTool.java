package io.offcpu.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Runs a JDK's {@code jfr print} on a recording: a reader we did not write. */
public final class JfrPrintTool {
    private JfrPrintTool() {}

    public static JdkTool.Output printEvents(TestJdk jdk, String eventName, Path recording)
            throws IOException, InterruptedException {
        return JdkTool.run(
                List.of(
                        jdk.jfrTool().toString(),
                        "print",
                        "--stack-depth",
                        "64",
                        "--events",
                        eventName,
                        recording.toString()),
                recording.getParent());
    }
}
