package io.offcpu.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import one.convert.Arguments;
import one.convert.CallStack;
import one.convert.FlameGraph;
import one.convert.Frame;

/**
 * A self-contained off-CPU flame graph, each stack weighted by the off-CPU time it stands for,
 * drawn by async-profiler's jfr-converter (its colours tell kernel, native, C++, JIT and
 * interpreted frames apart).
 */
final class FlameGraphHtml {
    private FlameGraphHtml() {}

    static void write(List<BlockedInterval> intervals, String title, Path html) throws IOException {
        Arguments arguments = new Arguments();
        arguments.title = title;
        FlameGraph graph = new FlameGraph(arguments);
        CallStack stack = new CallStack();
        for (BlockedInterval interval : intervals) {
            stack.clear();
            stack.push("[" + interval.thread() + " tid=" + interval.osThreadId() + "]", Frame.TYPE_NATIVE);
            for (BlockedInterval.NamedFrame frame : interval.frames()) {
                stack.push(frame.name(), frameType(frame.type()));
            }
            graph.addSample(stack, interval.weightNanos());
        }
        try (PrintStream out = new PrintStream(Files.newOutputStream(html), false, "UTF-8")) {
            graph.dump(out);
        }
    }

    private static byte frameType(String jfrType) {
        return switch (jfrType) {
            case "Interpreted" -> Frame.TYPE_INTERPRETED;
            case "JIT compiled" -> Frame.TYPE_JIT_COMPILED;
            case "Inlined" -> Frame.TYPE_INLINED;
            case "C++" -> Frame.TYPE_CPP;
            case "Kernel" -> Frame.TYPE_KERNEL;
            default -> Frame.TYPE_NATIVE;
        };
    }
}
