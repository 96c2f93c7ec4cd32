package io.offcpu.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code offcpu stop <pid>}: stops the recording, writes the file, prints its path and a summary. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop recording in a JVM and write the file; prints its path and a one-line summary.")
final class StopCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PID", description = "the JVM's process id")
    String pid;

    @Override
    public Integer call() {
        try {
            long target = PidArgument.parse(pid);
            try (TargetJvm jvm = TargetJvm.attach(target)) {
                if (jvm.recording() == null) {
                    throw new AttachFailure("pid " + target + " is not recording");
                }
                System.out.println("pid " + target + ": " + jvm.run("stop"));
                return 0;
            }
        } catch (AttachFailure e) {
            System.err.println("offcpu stop: " + e.getMessage());
            return 1;
        }
    }
}
