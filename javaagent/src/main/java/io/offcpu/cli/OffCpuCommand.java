package io.offcpu.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar offcpu.jar <command>}: the command line of offcpu. */
@Command(
        name = "offcpu",
        mixinStandardHelpOptions = true,
        version = "offcpu 0.1.0",
        description = "Off-CPU profiler for the JVM: where threads wait, for how long and why.",
        subcommands = {
            ListCommand.class,
            AttachCommand.class,
            StatusCommand.class,
            StopCommand.class,
            ReportCommand.class
        })
public final class OffCpuCommand implements Runnable {
    public static void main(String[] args) {
        System.exit(new CommandLine(new OffCpuCommand()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
