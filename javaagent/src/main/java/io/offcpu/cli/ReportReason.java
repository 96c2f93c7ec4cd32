package io.offcpu.cli;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Why a thread was off the CPU, in the words of the event's {@code reason} field: {@code preempted, lock,
 * idle, sleep, network, disk-io, page-fault, other}.
 *
 * <p>Recordings made before that field existed only have the kernel state and the syscall;
 * {@link #derive} turns those into a coarse reason. It is the only place that guesses, so it can be
 * dropped once every recording carries {@code reason}. The guesses: a preempted thread is
 * {@code preempted} whatever it was doing; {@code futex} is {@code lock} (park, monitors,
 * {@code Object.wait}) unless {@code Thread.sleep} is on the stack, because JDK 17's sleep is a timed futex
 * wait too; socket-style calls in S state are {@code network} (a file read in the page cache never sleeps,
 * a read from disk waits in D state); file syncs and D-state reads and writes are {@code disk-io}; D state
 * outside a syscall is a fault being served from disk ({@code page-fault}).
 */
final class ReportReason {
    static final String PREEMPTED = "preempted";
    static final String LOCK = "lock";
    static final String IDLE = "idle";
    static final String SLEEP = "sleep";
    static final String NETWORK = "network";
    static final String DISK_IO = "disk-io";
    static final String PAGE_FAULT = "page-fault";
    static final String OTHER = "other";

    /** Every reason, in the order the report lists them when asked which are accepted. */
    static final List<String> ALL = List.of(PREEMPTED, LOCK, IDLE, SLEEP, NETWORK, DISK_IO, PAGE_FAULT, OTHER);

    private static final Set<String> SLEEP_CALLS = Set.of("nanosleep", "clock_nanosleep");
    private static final Set<String> NETWORK_CALLS = Set.of("read", "readv", "recvfrom", "recvmsg", "recvmmsg",
            "write", "writev", "sendto", "sendmsg", "sendmmsg", "accept", "accept4", "connect", "poll", "ppoll",
            "select", "pselect6", "epoll_wait", "epoll_pwait", "epoll_pwait2");
    private static final Set<String> DISK_CALLS = Set.of("fsync", "fdatasync", "sync", "syncfs", "sync_file_range",
            "msync", "pread64", "pwrite64", "preadv", "pwritev", "preadv2", "pwritev2", "io_getevents",
            "io_pgetevents", "io_uring_enter", "openat", "open", "close", "fallocate", "ftruncate", "truncate",
            "rename", "renameat", "renameat2", "unlink", "unlinkat", "mkdir", "mkdirat");
    private static final Set<String> READ_WRITE_CALLS = Set.of("read", "readv", "write", "writev");

    private ReportReason() {}

    /** The accepted spelling of a user's {@code --reason} value, or null when it is not a reason. */
    static String parse(String value) {
        String lower = value.trim().toLowerCase(Locale.ROOT);
        return ALL.contains(lower) ? lower : null;
    }

    /**
     * A coarse reason from what older recordings hold.
     *
     * @param state   as recorded: "sleeping (S)", "uninterruptible (D)", "runnable (preempted)", or the
     *                bare letters S, D, R
     * @param syscall the syscall name, "" or null when none
     * @param frames  the stack, outermost first; only consulted to tell sleep from lock for futex waits
     */
    static String derive(String state, String syscall, List<BlockedInterval.NamedFrame> frames) {
        String call = syscall == null ? "" : syscall;
        switch (stateLetter(state)) {
            case 'R':
                return PREEMPTED;
            case 'D':
                if (call.isEmpty()) {
                    return PAGE_FAULT;
                }
                return DISK_CALLS.contains(call) || READ_WRITE_CALLS.contains(call) ? DISK_IO : OTHER;
            case 'S':
                if (call.equals("futex")) {
                    return sleepsInJava(frames) ? SLEEP : LOCK;
                }
                if (SLEEP_CALLS.contains(call)) {
                    return SLEEP;
                }
                if (NETWORK_CALLS.contains(call)) {
                    return NETWORK;
                }
                return DISK_CALLS.contains(call) ? DISK_IO : OTHER;
            default:
                return OTHER;
        }
    }

    /** 'R', 'S', 'D', or '?' for a state this report does not know. */
    static char stateLetter(String state) {
        if (state == null) {
            return '?';
        }
        String s = state.trim();
        if (s.equals("R") || s.startsWith("runnable")) {
            return 'R';
        }
        if (s.equals("S") || s.startsWith("sleeping")) {
            return 'S';
        }
        if (s.equals("D") || s.startsWith("uninterruptible")) {
            return 'D';
        }
        return '?';
    }

    /** Whether the innermost Java frame is {@code Thread.sleep} (JDK 17) or one of its helpers (JDK 21+). */
    private static boolean sleepsInJava(List<BlockedInterval.NamedFrame> frames) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            BlockedInterval.NamedFrame f = frames.get(i);
            if (f.javaMethod()) {
                return f.name().startsWith("java.lang.Thread.sleep");
            }
        }
        return false;
    }
}
