package io.offcpu.agent;

import io.offcpu.jni.BpfException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * This JVM's recording: at most one at a time, started by the agent (at startup or by attach),
 * by the public API or the MXBean, stopped by any of them or at JVM exit.
 *
 * <p>Results of agent commands are published in system properties, which the CLI reads back
 * through the Attach API: {@value #RESULT_PROPERTY} ({@code ok ...} or {@code error ...}) after
 * each command, and {@value #RECORDING_PROPERTY} while recording (what {@code list} shows).
 */
public final class AgentRuntime {
    public static final String RESULT_PROPERTY = "offcpu.result";
    public static final String RECORDING_PROPERTY = "offcpu.recording";

    private static Profiler current;
    private static boolean shutdownHookInstalled;

    private AgentRuntime() {}

    /** Runs an agent argument string; never throws (the application must not notice a failure). */
    static void runAgentCommand(String arguments) {
        AgentCommand command;
        try {
            command = AgentCommand.parse(arguments);
        } catch (RuntimeException e) {
            report(true, "bad agent arguments '" + arguments + "': " + e.getMessage());
            return;
        }
        boolean starting = command.kind() == AgentCommand.Kind.START;
        try {
            ProfilerStatus status = switch (command.kind()) {
                case START -> start(command.options());
                case STOP -> stop();
                case STATUS -> status();
                case DUMP -> dump(command.dumpPath());
            };
            System.setProperty(RESULT_PROPERTY, "ok " + status.describe());
        } catch (OptionException | BpfException | UnsupportedOperationException | IllegalStateException
                | IOException e) {
            report(starting, e.getMessage());
        } catch (Throwable t) {
            report(starting, (starting ? "cannot start: " : "") + t);
        }
    }

    private static void report(boolean starting, String message) {
        if (starting) {
            System.err.println("offcpu: " + message + "; running without profiling");
        }
        System.setProperty(RESULT_PROPERTY, "error " + message);
    }

    /** Starts recording with agent options ({@code file=app.jfr,threshold=1ms}). */
    public static synchronized ProfilerStatus start(String options) throws IOException {
        if (current != null) {
            throw new IllegalStateException("already recording to " + current.options().file());
        }
        checkPlatform();
        current = Profiler.start(AgentOptions.parse(options, ProcessHandle.current().pid()));
        if (!shutdownHookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(AgentRuntime::stopAtExit, "offcpu-shutdown"));
            shutdownHookInstalled = true;
        }
        ProfilerStatus status = current.status();
        System.setProperty(RECORDING_PROPERTY, status.file() + " since " + status.since());
        return status;
    }

    /** Stops the recording and writes its file; the returned status names the file. */
    public static synchronized ProfilerStatus stop() throws IOException {
        if (current == null) {
            throw new IllegalStateException("not recording");
        }
        try {
            return current.stop();
        } finally {
            current = null;
            System.clearProperty(RECORDING_PROPERTY);
        }
    }

    public static synchronized ProfilerStatus status() {
        return current == null ? ProfilerStatus.idle() : current.status();
    }

    /** Writes what was recorded so far to a file; the recording goes on. */
    public static synchronized ProfilerStatus dump(Path destination) throws IOException {
        if (current == null) {
            throw new IllegalStateException("not recording");
        }
        current.dump(destination);
        return current.status();
    }

    private static void checkPlatform() {
        String vm = System.getProperty("java.vm.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!System.getProperty("os.name", "").equals("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))
                || !vm.contains("HotSpot") && !vm.contains("OpenJDK")) {
            throw new UnsupportedOperationException("needs a HotSpot JVM on Linux x86_64, this is " + vm + " on "
                    + System.getProperty("os.name") + "/" + arch);
        }
    }

    private static synchronized void stopAtExit() {
        if (current == null) {
            return;
        }
        try {
            current.stop();
        } catch (Throwable t) {
            System.err.println("offcpu: cannot write " + current.options().file() + ": " + t.getMessage());
        } finally {
            current = null;
        }
    }
}
