package io.offcpu.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code offcpu status <pid>}: recording or not, since when, events so far, drops, output path. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show whether offcpu records in a JVM, since when, events so far, drops and the output file.")
final class StatusCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PID", description = "the JVM's process id")
    String pid;

    @Override
    public Integer call() {
        try {
            long target = PidArgument.parse(pid);
            try (TargetJvm jvm = TargetJvm.attach(target)) {
                // Not recording: answer without loading offcpu into the JVM.
                if (jvm.recording() == null) {
                    System.out.println("pid " + target + ": not recording");
                    return 0;
                }
                System.out.println("pid " + target + ": " + jvm.run("status"));
                return 0;
            }
        } catch (AttachFailure e) {
            System.err.println("offcpu status: " + e.getMessage());
            return 1;
        }
    }
}
