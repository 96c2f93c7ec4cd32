package io.offcpu.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code offcpu status <pid>}: recording or not, since when, events so far, drops, output path. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show whether offcpu records in a JVM, since when, events so far, drops and the output file.")
final class StatusCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PID", description = "the JVM's process id")
    String pid;

    @Override
    public Integer call() {
        return RunningRecording.send("status", pid, "status", false);
    }
}
