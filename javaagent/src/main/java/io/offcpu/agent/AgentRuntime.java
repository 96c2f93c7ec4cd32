package io.offcpu.agent;

import io.offcpu.jni.BpfException;
import io.offcpu.jni.CurrentProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

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

    /** How long the exit waits for a start still under way before it gives the recording up. */
    private static final Duration START_WAIT_AT_EXIT = Duration.ofSeconds(10);

    private static Profiler current;
    private static boolean shutdownHookInstalled;
    /** The thread running a {@code -javaagent} start, until it is done; null otherwise. */
    private static volatile Thread backgroundStart;

    private AgentRuntime() {}

    /**
     * Runs an agent argument string on a daemon thread and returns at once ({@code -javaagent}). The exit hook
     * is in place before the thread starts, so a JVM that exits while the start is still under way waits for it
     * (bounded) and then writes the file.
     */
    static void runAgentCommandInBackground(String arguments) {
        installShutdownHook();
        Thread starter = new Thread(
                () -> {
                    try {
                        runAgentCommand(arguments);
                    } finally {
                        backgroundStart = null;
                    }
                },
                "offcpu-start");
        starter.setDaemon(true);
        backgroundStart = starter;
        starter.start();
    }

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
        } catch (OptionException
                | BpfException
                | UnsupportedOperationException
                | IllegalStateException
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
            throw new IllegalStateException(
                    "already recording to " + current.options().file());
        }
        checkPlatform();
        AgentOptions parsed = AgentOptions.parse(options, CurrentProcess.pid());
        installShutdownHook();
        current = Profiler.start(parsed);
        ProfilerStatus status = current.status();
        System.setProperty(RECORDING_PROPERTY, status.file() + " since " + IsoInstant.format(status.since()));
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
        if (!System.getProperty("os.name", "").equals("Linux")
                || !(arch.equals("amd64") || arch.equals("x86_64"))
                || !vm.contains("HotSpot") && !vm.contains("OpenJDK")) {
            throw new UnsupportedOperationException("needs a HotSpot JVM on Linux x86_64, this is " + vm + " on "
                    + System.getProperty("os.name") + "/" + arch);
        }
    }

    private static synchronized void installShutdownHook() {
        if (!shutdownHookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(AgentRuntime::stopAtExit, "offcpu-shutdown"));
            shutdownHookInstalled = true;
        }
    }

    /** Not synchronized itself: a start that hangs must not hold the JVM's exit longer than the bound. */
    private static void stopAtExit() {
        Thread starter = backgroundStart;
        if (starter != null) {
            try {
                starter.join(START_WAIT_AT_EXIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (starter.isAlive()) {
                System.err.println("offcpu: still starting " + START_WAIT_AT_EXIT.toSeconds()
                        + " s after the JVM began to exit; no recording written");
                return;
            }
        }
        stopCurrentAtExit();
    }

    private static synchronized void stopCurrentAtExit() {
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
