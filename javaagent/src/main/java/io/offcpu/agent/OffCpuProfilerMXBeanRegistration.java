package io.offcpu.agent;

import io.offcpu.api.OffCpuProfilerMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.ObjectName;

/** The MXBean over {@link AgentRuntime}, registered once in the platform MBean server. */
public final class OffCpuProfilerMXBeanRegistration implements OffCpuProfilerMXBean {
    private OffCpuProfilerMXBeanRegistration() {}

    /** Registers the MXBean unless it is already; throws if JMX refuses. */
    public static synchronized void register() {
        try {
            ObjectName name = new ObjectName(OBJECT_NAME);
            var server = ManagementFactory.getPlatformMBeanServer();
            if (!server.isRegistered(name)) {
                server.registerMBean(new OffCpuProfilerMXBeanRegistration(), name);
            }
        } catch (JMException e) {
            throw new IllegalStateException("cannot register " + OBJECT_NAME + ": " + e.getMessage(), e);
        }
    }

    /** As {@link #register()}, but a failure only costs the MXBean (attach path). */
    static void registerQuietly() {
        try {
            register();
        } catch (RuntimeException e) {
            System.err.println("offcpu: " + e.getMessage());
        }
    }

    @Override
    public String start(String options) throws Exception {
        return AgentRuntime.start(options).describe();
    }

    @Override
    public String stop() throws Exception {
        return AgentRuntime.stop().describe();
    }

    @Override
    public String dump(String path) throws Exception {
        return AgentRuntime.dump(Path.of(path)).describe();
    }

    @Override
    public String getStatus() {
        return AgentRuntime.status().describe();
    }

    @Override
    public boolean isRecording() {
        return AgentRuntime.status().recording();
    }
}
