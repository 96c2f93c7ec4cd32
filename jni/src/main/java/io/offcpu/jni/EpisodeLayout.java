package io.offcpu.jni;

/**
 * Byte offsets of {@code struct offcpu_episode} and the other shared structs in bpf/offcpu.h.
 * {@code EpisodeLayoutTest} compares them with the offsetof() values the native library reports,
 * so a drifted layout fails the build.
 */
public final class EpisodeLayout {
    public static final int ABI_VERSION = 1;

    public static final int SIZE = 2400;
    public static final int RECORD_TYPE = 0;
    public static final int RECORD_SIZE = 4;
    public static final int START_NS = 8;
    public static final int DURATION_NS = 16;
    public static final int RUN_QUEUE_NS = 24;
    public static final int SYSCALL_NR = 32;
    public static final int TID = 40;
    public static final int TGID = 44;
    public static final int WAKER_TID = 48;
    public static final int WAKER_TGID = 52;
    public static final int STATE = 56;
    public static final int CPU_OUT = 60;
    public static final int CPU_IN = 64;
    public static final int FLAGS = 68;
    public static final int KERNEL_FRAMES = 72;
    public static final int USER_FRAMES = 74;
    public static final int INTERPRETED_FRAMES = 76;
    public static final int WAKER_COMM = 80;
    public static final int KERNEL_STACK = 96;
    public static final int USER_STACK = 608;
    public static final int INTERPRETED = 1632;
    public static final int INTERPRETED_FRAME_SIZE = 24;
    public static final int INTERPRETED_FRAME_INDEX = 0;
    public static final int INTERPRETED_METHOD = 8;
    public static final int INTERPRETED_BCP = 16;
    public static final int MAX_KERNEL_FRAMES = 64;
    public static final int MAX_USER_FRAMES = 128;
    public static final int MAX_INTERPRETED_FRAMES = 32;

    public static final int UNWIND_ROW_SIZE = 16;
    public static final int MAPPING_SIZE = 32;
    public static final int MAX_MAPPINGS = 1024;
    public static final int MAX_UNWIND_ROWS = 1 << 20;
    public static final int COUNTER_COUNT = 8;

    public static final int RECORD_EPISODE = 1;

    /** The values in the order the native {@code episodeLayout()} reports them. */
    static long[] expected() {
        return new long[] {SIZE, RECORD_TYPE, RECORD_SIZE, START_NS, DURATION_NS, RUN_QUEUE_NS,
            SYSCALL_NR, TID, TGID, WAKER_TID, WAKER_TGID, STATE, CPU_OUT, CPU_IN, FLAGS,
            KERNEL_FRAMES, USER_FRAMES, INTERPRETED_FRAMES, WAKER_COMM, KERNEL_STACK, USER_STACK,
            INTERPRETED, INTERPRETED_FRAME_SIZE, INTERPRETED_FRAME_INDEX, INTERPRETED_METHOD,
            INTERPRETED_BCP, MAX_KERNEL_FRAMES, MAX_USER_FRAMES, MAX_INTERPRETED_FRAMES, UNWIND_ROW_SIZE, MAPPING_SIZE, MAX_MAPPINGS, MAX_UNWIND_ROWS,
            COUNTER_COUNT};
    }

    private EpisodeLayout() {}
}
