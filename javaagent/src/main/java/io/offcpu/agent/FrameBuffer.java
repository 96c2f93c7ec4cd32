package io.offcpu.agent;

import io.offcpu.jfr.Frame;
import java.util.Arrays;

/**
 * The frames of the stack being symbolized, in one array reused for every stack: a stack new to the
 * agent whose frames were seen in other stacks then costs no allocation (its stack trace is found in
 * the writer's pool by content, {@link io.offcpu.jfr.OffCpuChunkWriter#stackKey(Frame[], int, boolean)}).
 */
final class FrameBuffer {
    private Frame[] frames = new Frame[256];
    private int size;

    void clear() {
        Arrays.fill(frames, 0, size, null);
        size = 0;
    }

    void add(Frame frame) {
        if (size == frames.length) {
            frames = Arrays.copyOf(frames, size * 2);
        }
        frames[size++] = frame;
    }

    int size() {
        return size;
    }

    /** The frames, innermost first, in {@code [0, size())}; valid until the next {@link #clear()}. */
    Frame[] array() {
        return frames;
    }
}
