package io.offcpu.bench.jvm;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a workload child reports about its own JVM, as a {@link ResultLine}: uptime, the Java heap's
 * committed and used size, young and other GC counts and times, and the bytes allocated in the Java heap
 * by the live threads whose names start with {@code offcpu} (the agent's), with {@code JFR} (the JVM's
 * recorder) and by all live threads.
 */
public final class JvmSnapshot {
    public static final String AGENT_THREAD_PREFIX = "offcpu";
    public static final String JFR_THREAD_PREFIX = "JFR";

    private JvmSnapshot() {}

    public static String line(String kind) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("uptimeMs", ManagementFactory.getRuntimeMXBean().getUptime());
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        values.put("heapCommittedBytes", heap.getCommitted());
        values.put("heapUsedBytes", heap.getUsed());
        long youngCount = 0;
        long youngMs = 0;
        long otherCount = 0;
        long otherMs = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (isYoung(gc.getName())) {
                youngCount += gc.getCollectionCount();
                youngMs += gc.getCollectionTime();
            } else {
                otherCount += gc.getCollectionCount();
                otherMs += gc.getCollectionTime();
            }
        }
        values.put("youngGcCount", youngCount);
        values.put("youngGcMs", youngMs);
        values.put("otherGcCount", otherCount);
        values.put("otherGcMs", otherMs);
        long agentBytes = 0;
        long jfrBytes = 0;
        long allBytes = 0;
        int agentThreads = 0;
        StringBuilder perAgentThread = new StringBuilder();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        long[] allocated = threads.getThreadAllocatedBytes(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null || allocated[i] < 0) {
                continue; // ended since getAllThreadIds
            }
            allBytes += allocated[i];
            if (infos[i].getThreadName().startsWith(AGENT_THREAD_PREFIX)) {
                agentBytes += allocated[i];
                agentThreads++;
                perAgentThread
                        .append(perAgentThread.isEmpty() ? "" : ",")
                        .append(infos[i].getThreadName().replaceAll("[\\s,:=]", "_"))
                        .append(':')
                        .append(allocated[i]);
            } else if (infos[i].getThreadName().startsWith(JFR_THREAD_PREFIX)) {
                jfrBytes += allocated[i];
            }
        }
        values.put("agentAllocatedBytes", agentBytes);
        values.put("agentThreads", agentThreads);
        values.put("agentThreadAllocatedBytes", perAgentThread.isEmpty() ? "-" : perAgentThread);
        values.put("jfrAllocatedBytes", jfrBytes);
        values.put("allAllocatedBytes", allBytes);
        return ResultLine.format(kind, values);
    }

    /**
     * Young collections by the bean names of HotSpot's collectors: G1 "G1 Young Generation", Serial "Copy",
     * Parallel "PS Scavenge", ZGC "ZGC Minor ..."; the rest (old, mixed-only, concurrent cycles) is other.
     */
    static boolean isYoung(String collector) {
        return collector.contains("Young")
                || collector.equals("Copy")
                || collector.contains("Scavenge")
                || collector.contains("Minor")
                || collector.equals("ParNew");
    }
}
