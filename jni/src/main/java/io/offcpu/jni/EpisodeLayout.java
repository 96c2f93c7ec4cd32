package io.offcpu.jni;

/**
 * Byte offsets of {@code struct offcpu_episode} and the other shared structs in bpf/offcpu.h.
 * {@code EpisodeLayoutTest} compares them with the offsetof() values the native library reports,
 * so a drifted layout fails the build.
 *
 * <p>Episodes and wakeups are packed in the ring buffer: the header ({@link #HEADER_SIZE} or
 * {@link #WAKEUP_HEADER_SIZE} bytes), then {@code kernel_frames} kernel addresses, {@code user_frames}
 * user addresses and {@code interpreted_frames} interpreted frames, back to back; see {@link #packedSize}.
 */
public final class EpisodeLayout {
    public static final int ABI_VERSION = 4;

    /** struct offcpu_record_header: how every record begins. */
    public static final int RECORD_TYPE = 0;
    public static final int RECORD_SIZE = 4;

    /** struct offcpu_episode: its header; the stacks follow packed. */
    public static final int HEADER_SIZE = 112;
    public static final int START_NS = 8;
    public static final int DURATION_NS = 16;
    public static final int RUN_QUEUE_NS = 24;
    public static final int SYSCALL_NR = 32;
    public static final int WEIGHT_NS = 40;
    public static final int WAKEUP_ID = 48;
    public static final int TID = 56;
    public static final int TGID = 60;
    public static final int WAKER_TID = 64;
    public static final int WAKER_TGID = 68;
    public static final int STATE = 72;
    public static final int CPU_OUT = 76;
    public static final int CPU_IN = 80;
    public static final int FLAGS = 84;
    public static final int KERNEL_FRAMES = 88;
    public static final int USER_FRAMES = 90;
    public static final int INTERPRETED_FRAMES = 92;
    public static final int WAKER_COMM = 96;
    public static final int KERNEL_FRAME_SIZE = 8;
    public static final int USER_FRAME_SIZE = 8;
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
    public static final int COUNTER_COUNT = 15;

    /** struct offcpu_thread_totals. */
    public static final int TOTALS_SIZE = 112;
    public static final int TOTALS_TID = 8;
    public static final int TOTALS_TIME_NS = 16;
    public static final int TOTALS_OFF_CPU_NS = 24;
    public static final int TOTALS_RUN_QUEUE_NS = 48;
    public static final int TOTALS_VOLUNTARY = 56;
    public static final int TOTALS_INVOLUNTARY = 64;
    public static final int TOTALS_EPISODES = 72;
    public static final int TOTALS_UNSEEN_STARTS = 80;
    public static final int TOTALS_OPEN_SINCE_NS = 88;
    public static final int TOTALS_OPEN_RUNNABLE_NS = 96;
    public static final int TOTALS_OPEN_BUCKET = 104;
    public static final int TOTALS_FLAGS = 108;
    public static final int BUCKETS = 3;

    /** struct offcpu_wakeup: its header; the stacks follow packed, as in an episode. */
    public static final int WAKEUP_HEADER_SIZE = 56;
    public static final int WAKEUP_TIME_NS = 8;
    public static final int WAKEUP_WAKEUP_ID = 16;
    public static final int WAKEUP_WAKER_TID = 24;
    public static final int WAKEUP_WAKER_TGID = 28;
    public static final int WAKEUP_WOKEN_TID = 32;
    public static final int WAKEUP_CPU = 36;
    public static final int WAKEUP_FLAGS = 40;
    public static final int WAKEUP_KERNEL_FRAMES = 44;
    public static final int WAKEUP_USER_FRAMES = 46;
    public static final int WAKEUP_INTERPRETED_FRAMES = 48;

    public static final int RECORD_EPISODE = 1;
    public static final int RECORD_THREAD_TOTALS = 2;
    public static final int RECORD_WAKEUP = 3;

    /** Bytes of a packed episode or wakeup with a header of {@code headerSize} and these stack depths. */
    public static int packedSize(int headerSize, int kernelFrames, int userFrames, int interpretedFrames) {
        return headerSize + kernelFrames * KERNEL_FRAME_SIZE + userFrames * USER_FRAME_SIZE
                + interpretedFrames * INTERPRETED_FRAME_SIZE;
    }

    /** The values in the order the native {@code episodeLayout()} reports them. */
    static long[] expected() {
        return new long[] {RECORD_TYPE, RECORD_SIZE, HEADER_SIZE, RECORD_TYPE, RECORD_SIZE, START_NS, DURATION_NS,
            RUN_QUEUE_NS, SYSCALL_NR, WEIGHT_NS, WAKEUP_ID, TID, TGID, WAKER_TID, WAKER_TGID, STATE, CPU_OUT, CPU_IN,
            FLAGS, KERNEL_FRAMES, USER_FRAMES, INTERPRETED_FRAMES, WAKER_COMM, KERNEL_FRAME_SIZE, USER_FRAME_SIZE,
            INTERPRETED_FRAME_SIZE, INTERPRETED_FRAME_INDEX, INTERPRETED_METHOD,
            INTERPRETED_BCP, MAX_KERNEL_FRAMES, MAX_USER_FRAMES, MAX_INTERPRETED_FRAMES, UNWIND_ROW_SIZE, MAPPING_SIZE, MAX_MAPPINGS, MAX_UNWIND_ROWS,
            COUNTER_COUNT,
            TOTALS_SIZE, TOTALS_TID, TOTALS_TIME_NS, TOTALS_OFF_CPU_NS, TOTALS_RUN_QUEUE_NS, TOTALS_VOLUNTARY,
            TOTALS_INVOLUNTARY, TOTALS_EPISODES, TOTALS_UNSEEN_STARTS, TOTALS_OPEN_SINCE_NS, TOTALS_OPEN_RUNNABLE_NS,
            TOTALS_OPEN_BUCKET, TOTALS_FLAGS, BUCKETS,
            WAKEUP_HEADER_SIZE, RECORD_TYPE, RECORD_SIZE, WAKEUP_TIME_NS, WAKEUP_WAKEUP_ID, WAKEUP_WAKER_TID,
            WAKEUP_WAKER_TGID, WAKEUP_WOKEN_TID, WAKEUP_CPU, WAKEUP_FLAGS, WAKEUP_KERNEL_FRAMES, WAKEUP_USER_FRAMES,
            WAKEUP_INTERPRETED_FRAMES};
    }

    private EpisodeLayout() {}
}
