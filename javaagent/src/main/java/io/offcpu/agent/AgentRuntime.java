package io.offcpu.agent;

import io.offcpu.jni.BpfException;

/** Holds this JVM's recording, started by the agent and stopped at exit. */
final class AgentRuntime {
    private static Profiler current;

    private AgentRuntime() {}

    static synchronized void startFromAgent(String arguments) {
        try {
            if (current != null) {
                System.err.println("offcpu: already recording to " + current.options().file() + "; ignoring the new request");
                return;
            }
            checkPlatform();
            AgentOptions options = AgentOptions.parse(arguments, ProcessHandle.current().pid());
            current = Profiler.start(options);
            Runtime.getRuntime().addShutdownHook(new Thread(AgentRuntime::stopAtExit, "offcpu-shutdown"));
        } catch (OptionException | BpfException | UnsupportedOperationException | IllegalStateException
                | java.io.IOException e) {
            System.err.println("offcpu: " + e.getMessage() + "; running without profiling");
        } catch (Throwable t) {
            System.err.println("offcpu: cannot start: " + t + "; running without profiling");
        }
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
