package io.offcpu.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.samples.KernelThreadId;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The agent's threads are told by the tids VMStructs gives for them, which the kernel reports for each. */
class AgentThreadsTest {
    @Test
    void containsTheIdentifiedThreadsAndNoOther() throws Exception {
        CompletableFuture<Integer> agentTid = new CompletableFuture<>();
        CompletableFuture<Integer> applicationTid = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        Thread agent = parked(agentTid, release, "agent-like");
        Thread application = parked(applicationTid, release, "application-like");
        try {
            AgentThreads threads = new AgentThreads();
            int ownTid = (int) KernelThreadId.current();
            assertFalse(threads.contains(ownTid), "none before they are identified");

            threads.identify(Thread.currentThread(), agent);

            assertTrue(threads.contains(ownTid));
            assertTrue(threads.contains(agentTid.get()));
            assertFalse(threads.contains(applicationTid.get()));
        } finally {
            release.complete(null);
            agent.join();
            application.join();
        }
    }

    @Test
    void askingAllocatesNothing() {
        AgentThreads threads = new AgentThreads();
        threads.identify(Thread.currentThread());
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int ownTid = (int) KernelThreadId.current();
        long found = 0;
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int tid = 0; tid < 100_000; tid++) {
            found += threads.contains(tid) ? 1 : 0;
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertEquals(ownTid < 100_000 ? 1 : 0, found);
        assertTrue(allocated < 1024, "100,000 questions allocated " + allocated + " bytes");
    }

    private static Thread parked(CompletableFuture<Integer> tid, CompletableFuture<Void> release, String name) {
        Thread thread = new Thread(
                () -> {
                    tid.complete((int) KernelThreadId.current());
                    release.join();
                },
                name);
        thread.start();
        return thread;
    }
}
