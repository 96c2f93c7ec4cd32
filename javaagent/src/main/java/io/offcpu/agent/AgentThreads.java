package io.offcpu.agent;

import io.offcpu.jni.HotSpotThreads;

/**
 * The agent's own threads (the consumer and the code-event drain), left out of the recording: their episodes,
 * the wakeups of them and their totals. Identified and asked on the consumer thread only, so nothing here is
 * shared between threads.
 */
final class AgentThreads {
    private int[] tids = new int[0];

    /** Learns the kernel tids of these threads; none when this JVM does not tell them (not HotSpot). */
    void identify(Thread... threads) {
        int[] found = HotSpotThreads.kernelThreadIds(threads);
        if (found != null) {
            tids = found;
        }
    }

    /** Asked for every record: a scan of two ints, no allocation. */
    boolean contains(int tid) {
        for (int agentTid : tids) {
            if (agentTid == tid) {
                return true;
            }
        }
        return false;
    }
}
