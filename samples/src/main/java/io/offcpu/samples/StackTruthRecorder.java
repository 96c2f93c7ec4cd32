package io.offcpu.samples;

import io.offcpu.samples.fidelity.StackTruth;
import io.offcpu.samples.fidelity.TruthFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps, for one thread, the truth of each of its blocking episodes: the stack the thread saw itself
 * ({@code Thread.getStackTrace()}), its kernel tid and the {@code System.nanoTime()} right before it
 * blocks (CLOCK_MONOTONIC, the clock of the profiler's episode starts). Stacks repeat, so each distinct
 * stack is kept once and an episode costs two array slots; nothing is written until {@link #close()},
 * so recording a truth makes no system call that could itself take the thread off the CPU.
 *
 * <p>Use from the sample's blocking method, on the same source line as the blocking call, so the truth's
 * line number for that method is the line of the blocking call:
 * <pre>{@code truths.capture(Thread.currentThread().getStackTrace()); LockSupport.parkNanos(n); truths.returned();}</pre>
 * {@link #returned()} notes how long the call blocked, which tells a truth without an episode because
 * the call returned early (under the profiler's threshold) from one the profiler missed.
 */
final class StackTruthRecorder implements AutoCloseable {
    private final TruthFile file;
    private final String blockKind;
    private long tid = -1;
    private final Map<List<StackTraceElement>, Integer> stackIds = new HashMap<>();
    private final List<List<StackTraceElement>> stacks = new ArrayList<>();
    private int[] stackOfTruth = new int[1024];
    private long[] nanosOfTruth = new long[1024];
    private long[] blockedNanosOfTruth = new long[1024];
    private int count;

    StackTruthRecorder(TruthFile file, String blockKind) {
        this.file = file;
        this.blockKind = blockKind;
    }

    /**
     * Notes {@code stack} (as returned by {@code Thread.getStackTrace()}: its first frames are
     * {@code Thread.getStackTrace} itself, which are dropped) and the time; call the blocking method next.
     */
    void capture(StackTraceElement[] stack) {
        if (tid < 0) {
            tid = KernelThreadId.current(); // once per thread: it reads /proc
        }
        int first = 0;
        while (first < stack.length && isGetStackTrace(stack[first])) {
            first++;
        }
        List<StackTraceElement> frames = Arrays.asList(stack).subList(first, stack.length);
        Integer id = stackIds.get(frames);
        if (id == null) {
            id = stacks.size();
            stacks.add(frames);
            stackIds.put(frames, id);
        }
        if (count == stackOfTruth.length) {
            stackOfTruth = Arrays.copyOf(stackOfTruth, count * 2);
            nanosOfTruth = Arrays.copyOf(nanosOfTruth, count * 2);
            blockedNanosOfTruth = Arrays.copyOf(blockedNanosOfTruth, count * 2);
        }
        stackOfTruth[count] = id;
        nanosOfTruth[count] = System.nanoTime(); // last, as close to the switch-out as Java can get
        count++;
    }

    /** Call right after the blocking call returns. */
    void returned() {
        blockedNanosOfTruth[count - 1] = System.nanoTime() - nanosOfTruth[count - 1];
    }

    private static boolean isGetStackTrace(StackTraceElement frame) {
        return frame.getClassName().equals("java.lang.Thread")
                && frame.getMethodName().equals("getStackTrace");
    }

    int count() {
        return count;
    }

    /** Appends this thread's truths to the file. */
    @Override
    public void close() throws IOException {
        List<StackTruth> truths = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            truths.add(new StackTruth(
                    tid, nanosOfTruth[i], blockedNanosOfTruth[i], blockKind, toFrames(stacks.get(stackOfTruth[i]))));
        }
        file.append(truths);
    }

    private static List<StackTruth.Frame> toFrames(List<StackTraceElement> stack) {
        List<StackTruth.Frame> frames = new ArrayList<>(stack.size());
        for (StackTraceElement e : stack) {
            frames.add(new StackTruth.Frame(e.getClassName(), e.getMethodName(), e.getLineNumber()));
        }
        return frames;
    }
}
