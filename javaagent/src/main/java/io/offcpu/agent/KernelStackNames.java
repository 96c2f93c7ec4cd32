package io.offcpu.agent;

import io.offcpu.symbols.KernelSymbol;

/** How kernel frames are named, and which of them belong to tracing rather than to the thread. */
final class KernelStackNames {
    private KernelStackNames() {}

    static String name(KernelSymbol symbol) {
        return symbol.module() == null || symbol.module().isEmpty()
                ? symbol.function()
                : symbol.function() + " [" + symbol.module() + "]";
    }

    /** Frames of the BPF machinery itself (bpf_prog_*, __bpf_trace_*, bpf_trace_run*). */
    static boolean isTracingFrame(String name) {
        return name.startsWith("bpf_") || name.startsWith("__bpf_") || name.startsWith("[kernel 0x");
    }
}
