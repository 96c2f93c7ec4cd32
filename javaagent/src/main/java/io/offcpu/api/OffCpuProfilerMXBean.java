package io.offcpu.api;

/**
 * offcpu as a JMX MXBean, for tools such as JConsole or JMC's MBean browser. Registered when
 * offcpu.jar is attached to a running JVM, or by {@link OffCpuProfiler#registerMXBean()}. It is
 * not registered from {@code -javaagent} at startup, because creating the platform MBean server
 * that early can change how the application sets up logging.
 */
public interface OffCpuProfilerMXBean {
    String OBJECT_NAME = "io.offcpu:type=OffCpuProfiler";

    /** Starts recording with agent options; returns the status line. */
    String start(String options) throws Exception;

    /** Stops and writes the file; returns the status line naming it. */
    String stop() throws Exception;

    /** Writes what was recorded so far to {@code path}. */
    String dump(String path) throws Exception;

    /** "not recording" or "recording since ... to FILE: N events, ...". */
    String getStatus();

    boolean isRecording();
}
