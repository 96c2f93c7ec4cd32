package io.offcpu.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code offcpu stop <pid>}: stops the recording, writes the file, prints its path and a summary. */
@Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        description = "Stop recording in a JVM and write the file; prints its path and a one-line summary.")
final class StopCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PID", description = "the JVM's process id")
    String pid;

    @Override
    public Integer call() {
        return RunningRecording.send("stop", pid, "stop", true);
    }
}
