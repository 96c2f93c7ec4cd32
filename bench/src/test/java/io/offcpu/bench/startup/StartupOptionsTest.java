package io.offcpu.bench.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StartupOptionsTest {
    @Test
    void defaultsMeasureBothWorkloadsIdleTenSecondsAfterLaunchUnpinned() {
        StartupOptions options = StartupOptions.parse();
        assertEquals(List.of(Workload.HELLO, Workload.HTTP), options.workloads);
        assertEquals("idle", options.task);
        assertEquals(10, options.holdSeconds);
        assertFalse(options.httpLoad);
        assertFalse(options.common.pinned());
        assertEquals(3, options.common.rounds);
        assertEquals(List.of(""), options.agentOptionSets);
    }

    @Test
    void ownOptions() {
        StartupOptions options = StartupOptions.parse(
                "--workload", "hello", "--task", "light", "--hold", "5", "--http-load", "yes", "--rounds", "5");
        assertEquals(List.of(Workload.HELLO), options.workloads);
        assertEquals("light", options.task);
        assertEquals(5, options.holdSeconds);
        assertTrue(options.httpLoad);
        assertEquals(5, options.common.rounds);
    }

    @Test
    void badValuesSayWhatIsAccepted() {
        IllegalArgumentException workload =
                assertThrows(IllegalArgumentException.class, () -> StartupOptions.parse("--workload", "web"));
        assertTrue(
                workload.getMessage().startsWith("bad --workload 'web': expected hello, http or both"),
                workload.getMessage());
        IllegalArgumentException task =
                assertThrows(IllegalArgumentException.class, () -> StartupOptions.parse("--task", "busy"));
        assertTrue(task.getMessage().startsWith("bad --task 'busy': expected idle or light"), task.getMessage());
    }
}
