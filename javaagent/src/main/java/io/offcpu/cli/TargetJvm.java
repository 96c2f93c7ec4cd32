package io.offcpu.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.offcpu.agent.AgentRuntime;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * A running JVM reached through the JDK Attach API: loads offcpu.jar into it with an agent
 * command and reads the command's result back from the system property the agent sets.
 * Every way attaching fails becomes an {@link AttachFailure} naming the cause.
 */
final class TargetJvm implements AutoCloseable {
    private final long pid;
    private final VirtualMachine vm;

    private TargetJvm(long pid, VirtualMachine vm) {
        this.pid = pid;
        this.vm = vm;
    }

    static TargetJvm attach(long pid) throws AttachFailure {
        if (ProcessHandle.of(pid).isEmpty()) {
            throw new AttachFailure("no process with pid " + pid);
        }
        if (pid == ProcessHandle.current().pid()) {
            throw new AttachFailure("pid " + pid + " is this offcpu command itself");
        }
        Optional<String> staleSocket = StaleAttachSocket.removeFor(pid);
        if (staleSocket.isPresent()) {
            throw new AttachFailure(staleSocket.get());
        }
        try {
            return new TargetJvm(pid, VirtualMachine.attach(Long.toString(pid)));
        } catch (AttachNotSupportedException | IOException e) {
            throw new AttachFailure(explain(pid, e));
        }
    }

    /** Why attach failed, from what /proc says of the target. */
    private static String explain(long pid, Exception e) {
        String cmdline = ProcFiles.cmdline(pid);
        long targetUid = ProcFiles.uid(pid);
        long ourUid = ProcFiles.uid(ProcessHandle.current().pid());
        if (!ProcFiles.mapsLibjvm(pid) && targetUid == ourUid) {
            return "pid " + pid + " is not a HotSpot JVM (" + ProcFiles.executable(pid) + ")";
        }
        if (targetUid >= 0 && ourUid != 0 && targetUid != ourUid) {
            return "pid " + pid + " belongs to uid " + targetUid + ", not to you (uid " + ourUid
                    + "): run offcpu as that user or as root";
        }
        if (cmdline.contains("-XX:+DisableAttachMechanism")) {
            return "pid " + pid + " runs with -XX:+DisableAttachMechanism: restart it without, or start offcpu"
                    + " with -javaagent";
        }
        return "cannot attach to pid " + pid + ": " + e.getMessage();
    }

    /** Runs an agent command ({@code start,OPTIONS}, {@code stop}, {@code status}); returns its result. */
    String run(String agentCommand) throws AttachFailure {
        try {
            vm.loadAgent(agentJar().toString(), agentCommand);
            String result = vm.getSystemProperties().getProperty(AgentRuntime.RESULT_PROPERTY, "");
            if (result.startsWith("ok ")) {
                return result.substring(3);
            }
            throw new AttachFailure("pid " + pid + ": "
                    + (result.startsWith("error ") ? result.substring(6) : "the agent gave no answer"));
        } catch (AgentLoadException | AgentInitializationException | IOException e) {
            throw new AttachFailure("cannot load offcpu into pid " + pid + ": " + e.getMessage());
        }
    }

    Properties systemProperties() throws AttachFailure {
        try {
            return vm.getSystemProperties();
        } catch (IOException e) {
            throw new AttachFailure("cannot read the system properties of pid " + pid + ": " + e.getMessage());
        }
    }

    /** The file offcpu records to in that JVM, or null when it is not recording. */
    String recording() throws AttachFailure {
        return systemProperties().getProperty(AgentRuntime.RECORDING_PROPERTY);
    }

    @Override
    public void close() {
        try {
            vm.detach();
        } catch (IOException ignored) {
            // The target went away: nothing to release.
        }
    }

    /** The offcpu.jar this command runs from; the same jar is loaded into the target. */
    static Path agentJar() throws AttachFailure {
        try {
            Path jar = Path.of(TargetJvm.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (!Files.isRegularFile(jar)) {
                throw new AttachFailure(
                        "offcpu must run from offcpu.jar to attach (java -jar offcpu.jar), not from " + jar);
            }
            return jar;
        } catch (URISyntaxException e) {
            throw new AttachFailure("cannot locate offcpu.jar: " + e.getMessage());
        }
    }
}
