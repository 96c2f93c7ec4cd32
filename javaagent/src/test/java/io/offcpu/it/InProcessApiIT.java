package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.agent.ProfilerStatus;
import io.offcpu.api.OffCpuProfiler;
import io.offcpu.api.OffCpuProfilerMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import javax.management.JMX;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public API and the MXBean drive recordings in this very JVM (the test's own). */
class InProcessApiIT {
    private static void sleepInTestMethod(int times) throws InterruptedException {
        for (int i = 0; i < times; i++) {
            Thread.sleep(20);
        }
    }

    private static long eventsInTestMethod(Path file) throws Exception {
        List<OffCpuEvent> events = OffCpuRecording.read(file);
        return events.stream()
                .filter(e -> e.hasJavaMethod(InProcessApiIT.class.getName(), "sleepInTestMethod"))
                .count();
    }

    @Test
    void startDumpStatusStop(@TempDir Path dir) throws Exception {
        BpfPrecondition.assumeBpfAvailable();
        Path file = dir.resolve("api.jfr");
        Path dump = dir.resolve("dump.jfr");
        ProfilerStatus started = OffCpuProfiler.start("file=" + file + ",jfr=none");
        try {
            assertTrue(started.recording());
            assertThrows(IllegalStateException.class, () -> OffCpuProfiler.start("file=" + file));
            sleepInTestMethod(10);
            OffCpuProfiler.dump(dump);
            assertTrue(eventsInTestMethod(dump) >= 5, "the dump holds what was recorded so far");
            sleepInTestMethod(5);
            assertTrue(OffCpuProfiler.status().events() > 0);
        } finally {
            ProfilerStatus stopped = OffCpuProfiler.stop();
            assertFalse(stopped.recording());
            assertEquals(file.toAbsolutePath(), stopped.file());
        }
        assertTrue(eventsInTestMethod(file) >= 15, "the file holds the sleeps before and after the dump");
        assertFalse(OffCpuProfiler.status().recording());
    }

    @Test
    void theMXBeanStartsAndStops(@TempDir Path dir) throws Exception {
        BpfPrecondition.assumeBpfAvailable();
        OffCpuProfiler.registerMXBean();
        OffCpuProfilerMXBean bean = JMX.newMXBeanProxy(
                ManagementFactory.getPlatformMBeanServer(),
                new ObjectName(OffCpuProfilerMXBean.OBJECT_NAME),
                OffCpuProfilerMXBean.class);
        Path file = dir.resolve("mxbean.jfr");
        assertTrue(bean.start("file=" + file + ",jfr=none").startsWith("recording since"));
        assertTrue(bean.isRecording());
        sleepInTestMethod(10);
        assertTrue(bean.getStatus().contains(file.toString()));
        assertTrue(bean.stop().startsWith("wrote " + file));
        assertFalse(bean.isRecording());
        assertTrue(eventsInTestMethod(file) >= 5);
    }
}
