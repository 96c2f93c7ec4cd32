package io.offcpu.bench.harness;

import java.util.List;

/** One side of a comparison: a name to print and the JVM options that make it (none for "no agent"). */
public record Configuration(String name, Kind kind, List<String> jvmOptions) {
    public enum Kind {
        NO_AGENT,
        OFFCPU,
        JFR,
        ASYNC_PROFILER,
        OTHER
    }

    public Configuration {
        jvmOptions = List.copyOf(jvmOptions);
    }
}
