package io.offcpu.bench.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code agentThreadAllocatedBytes} value of a snapshot, {@code name:bytes,name:bytes} or {@code -}. */
final class AgentThreads {
    private AgentThreads() {}

    static Map<String, Long> parse(String value) {
        Map<String, Long> bytes = new LinkedHashMap<>();
        if (value == null || value.equals("-")) {
            return bytes;
        }
        for (String entry : value.split(",")) {
            int colon = entry.lastIndexOf(':');
            bytes.merge(entry.substring(0, colon), Long.parseLong(entry.substring(colon + 1)), Long::sum);
        }
        return bytes;
    }
}
