package io.offcpu.report;

import java.util.List;

/**
 * A stack as one short label of the text report, which is also what its rows group by: one frame that
 * says how the thread got where it is, then the innermost Java frames; stacks without Java frames (GC,
 * compiler, VM threads) show their innermost JVM (C++) frames instead, which name what the JVM was doing.
 */
final class StackLabel {
    /** Java frames shown per stack: the innermost ones, where the application waited or woke another. */
    static final int JAVA_FRAMES = 6;
    /** For stacks without Java frames: the innermost JVM (C++) frames. */
    static final int JVM_FRAMES_WITHOUT_JAVA = 4;

    static final String NO_STACK = "(no stack)";

    private StackLabel() {}

    /** Where a thread waited: its innermost frame (in the kernel or a library), then its Java frames. */
    static String blocked(List<BlockedInterval.NamedFrame> frames) {
        return frames.isEmpty() ? NO_STACK : label(frames, frames.size() - 1, false);
    }

    /**
     * Where a waker was when it woke another thread. Its innermost frames are the same for every wakeup
     * (the kernel's wakeup path, libc's futex call); the innermost JVM frame says how it woke the other
     * ({@code ObjectMonitor::ExitEpilog} for a monitor exit, {@code Parker::unpark} for
     * {@code LockSupport.unpark}), and the Java frames, with their lines, where.
     */
    static String waker(List<BlockedInterval.NamedFrame> frames) {
        return frames.isEmpty() ? NO_STACK : label(frames, wakerLeaf(frames), true);
    }

    /** The innermost C++ or Java frame; else the innermost frame outside the kernel; else the innermost. */
    private static int wakerLeaf(List<BlockedInterval.NamedFrame> frames) {
        int outsideKernel = -1;
        for (int i = frames.size() - 1; i >= 0; i--) {
            BlockedInterval.NamedFrame f = frames.get(i);
            if (f.javaMethod() || f.type().equals("C++")) {
                return i;
            }
            if (outsideKernel < 0 && !f.isKernel()) {
                outsideKernel = i;
            }
        }
        return outsideKernel >= 0 ? outsideKernel : frames.size() - 1;
    }

    /**
     * C++ symbols without their parameter lists and clone suffixes ({@code CompileBroker::compile_method_base}
     * for {@code CompileBroker::compile_method_base(methodHandle const&, int, ...) [clone .part.0]}): the class
     * and function say what the JVM was doing; the flame graphs keep the whole symbol.
     */
    static String shortName(BlockedInterval.NamedFrame frame) {
        int parameters = frame.name().indexOf('(');
        return frame.type().equals("C++") && parameters > 0 ? frame.name().substring(0, parameters) : frame.name();
    }

    private static String label(List<BlockedInterval.NamedFrame> frames, int leafIndex, boolean lines) {
        BlockedInterval.NamedFrame leaf = frames.get(leafIndex);
        StringBuilder key = new StringBuilder(shortName(leaf))
                .append(" [")
                .append(leaf.type())
                .append(']');
        int java = 0;
        for (int i = leafIndex; i >= 0 && java < JAVA_FRAMES; i--) {
            BlockedInterval.NamedFrame f = frames.get(i);
            if (f.javaMethod()) {
                key.append("\n<- ").append(f.name());
                if (lines && f.line() > 0) {
                    key.append(':').append(f.line());
                }
                java++;
            }
        }
        if (java == 0) {
            // JVM threads wait in libc for a JVM monitor, or wake one another through one: their C++ frames say which.
            int shown = 0;
            for (int i = leafIndex - 1; i >= 0 && shown < JVM_FRAMES_WITHOUT_JAVA; i--) {
                BlockedInterval.NamedFrame f = frames.get(i);
                if (f.type().equals("C++")) {
                    key.append("\n<- ").append(shortName(f)).append(" [C++]");
                    shown++;
                }
            }
        }
        return key.toString();
    }
}
