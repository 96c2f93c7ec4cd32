package io.offcpu.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code offcpu list}: the JVMs on this machine and whether offcpu records in each. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description =
                "List the JVMs on this machine (pid, main class, JDK version) and whether offcpu records in each.")
final class ListCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        long self = ProcessHandle.current().pid();
        System.out.printf("%-8s %-10s %-40s %s%n", "PID", "JDK", "MAIN CLASS", "OFFCPU");
        for (VirtualMachineDescriptor jvm : VirtualMachine.list()) {
            long pid = Long.parseLong(jvm.id());
            if (pid == self) {
                continue;
            }
            String version = "?";
            String offcpu = "?";
            try (TargetJvm target = TargetJvm.attach(pid)) {
                Properties properties = target.systemProperties();
                version = properties.getProperty("java.version", "?");
                String recording = target.recording();
                offcpu = recording == null ? "-" : "recording to " + recording;
            } catch (AttachFailure e) {
                offcpu = "cannot attach: " + e.getMessage();
            }
            String main = jvm.displayName().isBlank() ? "?" : jvm.displayName().split(" ")[0];
            System.out.printf("%-8d %-10s %-40s %s%n", pid, version, main, offcpu);
        }
        return 0;
    }
}
