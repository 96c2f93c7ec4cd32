package io.offcpu.bench.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JvmSnapshotTest {
    @Test
    void youngCollectorsOfHotSpotsCollectors() {
        assertTrue(JvmSnapshot.isYoung("G1 Young Generation"));
        assertTrue(JvmSnapshot.isYoung("Copy"));
        assertTrue(JvmSnapshot.isYoung("PS Scavenge"));
        assertTrue(JvmSnapshot.isYoung("ZGC Minor Pauses"));
        assertFalse(JvmSnapshot.isYoung("G1 Old Generation"));
        assertFalse(JvmSnapshot.isYoung("G1 Concurrent GC"));
        assertFalse(JvmSnapshot.isYoung("MarkSweepCompact"));
    }

    @Test
    void countsTheBytesOfThreadsNamedLikeTheAgents() throws Exception {
        Thread allocator = new Thread(
                () -> {
                    byte[][] keep = new byte[64][];
                    for (int i = 0; i < keep.length; i++) {
                        keep[i] = new byte[16 * 1024];
                    }
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        // asked to end
                    }
                },
                "offcpu-test allocator");
        allocator.start();
        try {
            Thread.sleep(200);
            ResultLine line = ResultLine.parse(JvmSnapshot.line("snapshot")).orElseThrow();
            assertEquals("snapshot", line.kind());
            assertEquals(1, line.number("agentThreads"));
            assertTrue(line.number("agentAllocatedBytes") >= 64 * 16 * 1024, line.toString());
            assertTrue(
                    line.values().get("agentThreadAllocatedBytes").startsWith("offcpu-test_allocator:"),
                    line.toString());
            assertTrue(line.number("allAllocatedBytes") >= line.number("agentAllocatedBytes"));
            assertTrue(line.number("heapCommittedBytes") > 0);
        } finally {
            allocator.interrupt();
            allocator.join();
        }
    }
}
