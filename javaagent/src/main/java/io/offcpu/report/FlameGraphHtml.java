package io.offcpu.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;
import one.convert.Arguments;
import one.convert.CallStack;
import one.convert.FlameGraph;
import one.convert.Frame;

/**
 * Self-contained flame graphs drawn by async-profiler's jfr-converter, every stack weighted by the
 * nanoseconds it stands for; its colours tell kernel, native, C++, JIT and interpreted frames apart.
 *
 * <p>The off-CPU graph stacks each event's frames under a root frame per thread ({@code [name tid=N]},
 * the form jfr-converter itself uses with {@code --threads}), unless threads are merged. The wall-clock
 * graph adds on-CPU samples, each weighted by the sampling period, and ends every stack in a marker frame,
 * {@value #ON_CPU} or {@code [off-cpu: <reason>]}, so the two halves are told apart by name (searchable
 * with the graph's search button) and by colour (C++ yellow on top of Java frames, native red on top of
 * kernel frames).
 *
 * <p>The wakers' graph stacks, for each off-CPU event, the stack its waker had when it woke the thread
 * (from the linked {@code offcpu.Wakeup}), weighted by the off-CPU time that wakeup ended, under a root
 * frame per waker thread and topped by a {@code [woke <thread> tid=N]} frame; events no thread ended stand
 * under {@value ReportWaker#TIMER_OR_INTERRUPT} or {@value ReportWaker#PREEMPTED}, and those whose waker's
 * stack was not taken under {@value ReportWaker#NO_STACK}, so the graph's total is the off-CPU total.
 */
final class FlameGraphHtml {
    static final String ON_CPU = "[on-cpu]";
    static final String OFF_CPU_PREFIX = "[off-cpu: ";
    static final String WOKE_PREFIX = "[woke ";

    /** The tooltip function of jfr-converter's template: it calls widths "samples"; ours are nanoseconds. */
    private static final String SAMPLES_FUNCTION_START = "function samples(n) {";

    private static final String SAMPLES_FUNCTION_AS_TIME = "function samples(n) {\n"
            + "\t\treturn (n / 1e6).toFixed(n < 1e7 ? 3 : 1).replace(/\\B(?=(\\d{3})+(?!\\d))/g, ',') + ' ms';\n"
            + "\t}";

    private FlameGraphHtml() {}

    /** @param jvm threads drawn as one tower {@value JvmInternalThreads#GROUP_LABEL}, or null for none */
    static void writeOffCpu(
            List<BlockedInterval> intervals, String title, boolean threadRoots, JvmInternalThreads jvm, Path html)
            throws IOException {
        FlameGraph graph = new FlameGraph(arguments(title));
        addAll(
                graph,
                intervals,
                BlockedInterval::weightNanos,
                (interval, stack) ->
                        pushThreadAndFrames(stack, interval.thread(), interval.frames(), threadRoots, jvm));
        write(graph, html);
    }

    /** @param samplePeriodNanos the on-CPU time one sample stands for */
    static void writeWall(
            List<BlockedInterval> intervals,
            List<ReportCpuSample> samples,
            long samplePeriodNanos,
            String title,
            boolean threadRoots,
            JvmInternalThreads jvm,
            Path html)
            throws IOException {
        FlameGraph graph = new FlameGraph(arguments(title));
        addAll(graph, intervals, BlockedInterval::weightNanos, (interval, stack) -> {
            pushThreadAndFrames(stack, interval.thread(), interval.frames(), threadRoots, jvm);
            stack.push(OFF_CPU_PREFIX + interval.reason() + "]", Frame.TYPE_NATIVE);
        });
        addAll(graph, samples, sample -> samplePeriodNanos, (sample, stack) -> {
            pushThreadAndFrames(stack, sample.thread(), sample.frames(), threadRoots, jvm);
            stack.push(ON_CPU, Frame.TYPE_CPP);
        });
        write(graph, html);
    }

    static void writeWakers(List<BlockedInterval> intervals, String title, boolean threadRoots, Path html)
            throws IOException {
        FlameGraph graph = new FlameGraph(arguments(title));
        addAll(graph, intervals, BlockedInterval::weightNanos, (interval, stack) -> {
            ReportWaker waker = interval.waker();
            if (waker.thread() == null) {
                stack.push(ReportWaker.who(interval), Frame.TYPE_NATIVE);
            } else {
                pushThread(stack, waker.thread(), threadRoots);
                if (waker.frames().isEmpty()) {
                    stack.push(ReportWaker.NO_STACK, Frame.TYPE_NATIVE);
                }
                pushFrames(stack, waker.frames());
            }
            if (threadRoots) {
                stack.push(WOKE_PREFIX + threadName(interval.thread()) + "]", Frame.TYPE_CPP);
            }
        });
        write(graph, html);
    }

    /** Adds each item to the graph as the stack {@code push} builds from an empty one, with its weight. */
    private static <T> void addAll(
            FlameGraph graph, List<T> items, ToLongFunction<T> weightNanos, BiConsumer<T, CallStack> push) {
        CallStack stack = new CallStack();
        for (T item : items) {
            stack.clear();
            push.accept(item, stack);
            graph.addSample(stack, weightNanos.applyAsLong(item));
        }
    }

    private static Arguments arguments(String title) {
        Arguments arguments = new Arguments();
        arguments.title = escapeHtml(title);
        return arguments;
    }

    /** The thread's root frame (or the JVM-internal tower's) and then its frames, outermost first. */
    private static void pushThreadAndFrames(
            CallStack stack,
            ReportThread thread,
            List<BlockedInterval.NamedFrame> frames,
            boolean threadRoots,
            JvmInternalThreads jvm) {
        if (!pushedAsJvmInternal(stack, thread, jvm)) {
            pushThread(stack, thread, threadRoots);
            pushFrames(stack, frames);
        }
    }

    /** A JVM-internal thread's time goes into the one tower of them all, without its frames. */
    private static boolean pushedAsJvmInternal(CallStack stack, ReportThread thread, JvmInternalThreads jvm) {
        if (jvm == null || !jvm.contains(thread)) {
            return false;
        }
        stack.push("[" + JvmInternalThreads.GROUP_LABEL + "]", Frame.TYPE_NATIVE);
        return true;
    }

    private static void pushThread(CallStack stack, ReportThread thread, boolean threadRoots) {
        if (threadRoots) {
            stack.push("[" + threadName(thread) + "]", Frame.TYPE_NATIVE);
        }
    }

    /** The form jfr-converter itself gives thread frames: {@code name tid=N}. */
    private static String threadName(ReportThread thread) {
        return thread.displayName() + " tid=" + thread.osThreadId();
    }

    private static void pushFrames(CallStack stack, List<BlockedInterval.NamedFrame> frames) {
        for (BlockedInterval.NamedFrame frame : frames) {
            stack.push(frame.name(), frameType(frame));
        }
    }

    private static byte frameType(BlockedInterval.NamedFrame frame) {
        return switch (frame.type()) {
            case "Interpreted" -> Frame.TYPE_INTERPRETED;
            case "JIT compiled" -> Frame.TYPE_JIT_COMPILED;
            case "Inlined" -> Frame.TYPE_INLINED;
            case "C++" -> Frame.TYPE_CPP;
            case "Kernel" -> Frame.TYPE_KERNEL;
            // Java native methods (Unsafe.park) are drawn as Java, like async-profiler does.
            default -> frame.javaMethod() ? Frame.TYPE_JIT_COMPILED : Frame.TYPE_NATIVE;
        };
    }

    private static void write(FlameGraph graph, Path html) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8)) {
            graph.dump(out);
        }
        String page = timeTooltips(bytes.toString(StandardCharsets.UTF_8));
        Path parent = html.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(html, page, StandardCharsets.UTF_8);
    }

    /** Tooltips say "12.5 ms" instead of "12,500,000 samples"; a template without the function is left as is. */
    static String timeTooltips(String page) {
        int start = page.indexOf(SAMPLES_FUNCTION_START);
        if (start < 0) {
            return page;
        }
        int end = page.indexOf("\n\t}", start);
        if (end < 0) {
            return page;
        }
        return page.substring(0, start) + SAMPLES_FUNCTION_AS_TIME + page.substring(end + "\n\t}".length());
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
