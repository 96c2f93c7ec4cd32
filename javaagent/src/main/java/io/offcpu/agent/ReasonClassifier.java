package io.offcpu.agent;

import io.offcpu.jfr.Frame;
import io.offcpu.jfr.FrameType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides why a thread was off the CPU, from what the kernel side recorded: the task state at
 * switch-out, the syscall, the kernel frames and the frames between the syscall and the first Java
 * frames. Every rule lives here; each is unit-tested with stacks recorded from the samples.
 *
 * <p>Order matters: a runnable task was preempted whatever it was doing; a page fault wins over the
 * syscall that touched the memory; then the syscall decides, refined by the stack where one
 * syscall serves several purposes (futex: waits for work ({@link IdleWaits}), locks and sleeps;
 * read: sockets, pipes, files).
 */
public final class ReasonClassifier {

    /** A reason and a finer, human-readable detail ("java monitor", "park", "socket read", "fsync"). */
    public record Classification(OffCpuReason reason, String detail) {
        // Written out, as the generated ones bootstrap through invokedynamic on first use (start-up cost).
        @Override
        public boolean equals(Object o) {
            return o instanceof Classification c && reason == c.reason && Objects.equals(detail, c.detail);
        }

        @Override
        public int hashCode() {
            return 31 * reason.hashCode() + Objects.hashCode(detail);
        }
    }

    /** Task states at switch-out, prev_state &amp; 0xff (see KernelStates). */
    private static final int RUNNABLE = 0;

    private static final int UNINTERRUPTIBLE = 2;

    private static final Set<String> PAGE_FAULT_FRAMES = Set.of(
            "asm_exc_page_fault", "exc_page_fault", "do_user_addr_fault", "handle_mm_fault", "__handle_mm_fault");
    private static final Set<String> SWAP_FRAMES = Set.of("do_swap_page", "swap_read_folio", "swap_readpage");
    private static final Set<String> FILE_FAULT_FRAMES =
            Set.of("filemap_fault", "__do_fault", "do_read_fault", "do_shared_fault", "do_cow_fault");
    private static final Set<String> SYNC_SYSCALLS =
            Set.of("fsync", "fdatasync", "sync_file_range", "syncfs", "sync", "msync");
    private static final Set<String> READ_SYSCALLS =
            Set.of("read", "readv", "pread64", "preadv", "preadv2", "recvfrom", "recvmsg", "recvmmsg");
    private static final Set<String> WRITE_SYSCALLS = Set.of(
            "write",
            "writev",
            "pwrite64",
            "pwritev",
            "pwritev2",
            "sendto",
            "sendmsg",
            "sendmmsg",
            "sendfile",
            "splice");
    private static final Set<String> EPOLL_SYSCALLS = Set.of("epoll_wait", "epoll_pwait", "epoll_pwait2");
    private static final Set<String> POLL_SYSCALLS = Set.of("poll", "ppoll");
    private static final Set<String> SELECT_SYSCALLS = Set.of("select", "pselect6");
    private static final Set<String> SLEEP_SYSCALLS = Set.of("nanosleep", "clock_nanosleep");
    private static final Set<String> FUTEX_SYSCALLS = Set.of("futex", "futex_waitv");
    /** Kernel function prefixes of the socket layer. */
    private static final List<String> SOCKET_PREFIXES = List.of(
            "sock_",
            "sk_",
            "tcp_",
            "udp",
            "unix_",
            "inet_",
            "inet6_",
            "skb_",
            "__skb_",
            "__sys_recv",
            "__sys_send",
            "netlink_");
    /** Kernel function prefixes of waits on the block layer, the page cache's I/O and journaling. */
    private static final List<String> BLOCK_IO_PREFIXES = List.of(
            "io_schedule",
            "folio_wait_bit",
            "folio_wait_writeback",
            "wait_on_page_bit",
            "__filemap_fdatawait",
            "filemap_fdatawait",
            "blk_",
            "submit_bio",
            "bit_wait_io",
            "jbd2_",
            "__wait_on_buffer",
            "out_of_line_wait_on_bit",
            "__folio_lock",
            "folio_wait_locked",
            "iomap_dio_",
            "__blkdev_direct_IO");

    private ReasonClassifier() {}

    /**
     * @param state   kernel task state at switch-out (prev_state &amp; 0xff; 0 when preempted)
     * @param syscall the syscall's name, empty when the thread was not in one
     * @param frames  the episode's stack, innermost first (kernel frames, then user frames); may be empty
     */
    public static Classification classify(int state, String syscall, List<Frame> frames) {
        String call = syscall == null ? "" : syscall;
        if (state == RUNNABLE) {
            return preempted(call, frames);
        }
        if (hasKernelFrame(frames, PAGE_FAULT_FRAMES)) {
            return pageFault(frames);
        }
        if (FUTEX_SYSCALLS.contains(call)) {
            return futexWait(frames);
        }
        if (SLEEP_SYSCALLS.contains(call)) {
            return new Classification(OffCpuReason.SLEEP, "nanosleep");
        }
        if (SYNC_SYSCALLS.contains(call)) {
            return new Classification(OffCpuReason.DISK_IO, call.equals("msync") ? "msync" : "fsync");
        }
        if (EPOLL_SYSCALLS.contains(call)) {
            return new Classification(OffCpuReason.NETWORK, "epoll");
        }
        if (POLL_SYSCALLS.contains(call)) {
            return new Classification(OffCpuReason.NETWORK, "poll");
        }
        if (SELECT_SYSCALLS.contains(call)) {
            return new Classification(OffCpuReason.NETWORK, "select");
        }
        if (call.equals("accept") || call.equals("accept4")) {
            return new Classification(OffCpuReason.NETWORK, "socket accept");
        }
        if (call.equals("connect")) {
            return new Classification(OffCpuReason.NETWORK, "socket connect");
        }
        if (READ_SYSCALLS.contains(call) || WRITE_SYSCALLS.contains(call)) {
            return dataTransfer(state, call, READ_SYSCALLS.contains(call) ? "read" : "write", frames);
        }
        if (call.equals("wait4") || call.equals("waitid")) {
            return new Classification(OffCpuReason.OTHER, "child process");
        }
        if (state == UNINTERRUPTIBLE && hasKernelFramePrefix(frames, BLOCK_IO_PREFIXES)) {
            return new Classification(OffCpuReason.DISK_IO, call.isEmpty() ? "block I/O" : call);
        }
        return new Classification(OffCpuReason.OTHER, call.isEmpty() ? topKernelFunction(frames) : call);
    }

    private static Classification preempted(String syscall, List<Frame> frames) {
        String detail;
        if (syscall.equals("sched_yield")) {
            detail = "yield";
        } else if (hasKernelFrame(frames, PAGE_FAULT_FRAMES)) {
            detail = "in page fault";
        } else if (!syscall.isEmpty()) {
            detail = "in " + syscall;
        } else {
            detail = "involuntary";
        }
        return new Classification(OffCpuReason.PREEMPTED, detail);
    }

    private static Classification pageFault(List<Frame> frames) {
        if (hasKernelFrame(frames, SWAP_FRAMES)) {
            return new Classification(OffCpuReason.PAGE_FAULT, "swap-in");
        }
        if (hasKernelFrame(frames, FILE_FAULT_FRAMES)) {
            return new Classification(OffCpuReason.PAGE_FAULT, "file-backed");
        }
        return new Classification(OffCpuReason.PAGE_FAULT, "memory");
    }

    private static Classification dataTransfer(int state, String syscall, String direction, List<Frame> frames) {
        if (hasKernelFramePrefix(frames, SOCKET_PREFIXES)) {
            return new Classification(OffCpuReason.NETWORK, "socket " + direction);
        }
        if (hasKernelFrame(frames, Set.of("pipe_read", "pipe_write", "pipe_wait_readable", "pipe_wait_writable"))) {
            return new Classification(OffCpuReason.OTHER, "pipe " + direction);
        }
        if (state == UNINTERRUPTIBLE || hasKernelFramePrefix(frames, BLOCK_IO_PREFIXES)) {
            return new Classification(OffCpuReason.DISK_IO, "file " + direction);
        }
        return new Classification(OffCpuReason.OTHER, syscall);
    }

    /**
     * A futex wait is how the JVM blocks for almost everything. A wait for work is idle; otherwise
     * the frames between libc and the first Java frame say what for (HotSpot 17 and 25 names: ObjectMonitor::enter,
     * ObjectMonitor::wait, JavaThread::sleep(_nanos), Parker::park), else the Java frames do. A
     * JVM frame that is none of these, below Java code that is no known wait either, is one of the
     * JVM's own locks (class loading, the compile queue, JFR) taken on the thread's behalf.
     */
    private static Classification futexWait(List<Frame> frames) {
        Optional<String> idleLoop = IdleWaits.find(frames);
        if (idleLoop.isPresent()) {
            return new Classification(OffCpuReason.IDLE, idleLoop.get());
        }
        boolean sawUserFrame = false;
        boolean sawJvmFrame = false;
        for (Frame f : frames) {
            if (f.type() == FrameType.KERNEL) {
                continue;
            }
            sawUserFrame = true;
            String name = f.methodName();
            if (f.type().isJava()
                    || f.type() == FrameType.NATIVE && !f.className().isEmpty()) {
                Classification java = javaWait(frames);
                return sawJvmFrame && java.detail().equals("futex")
                        ? new Classification(OffCpuReason.LOCK, "jvm internal")
                        : java;
            }
            if (isCxxMethod(name, "SafepointSynchronize", "block") || name.contains("SafepointMechanism")) {
                // Stopped by the JVM for a safepoint (GC, deoptimization, ...) on its way in or out of native.
                return new Classification(OffCpuReason.LOCK, "safepoint");
            }
            if (isCxxMethod(name, "ObjectMonitor", "wait") || name.equals("JVM_MonitorWait")) {
                return new Classification(OffCpuReason.LOCK, "Object.wait");
            }
            if (name.contains("ObjectMonitor")
                    || name.contains("monitorenter")
                    || name.contains("complete_monitor_locking")) {
                return new Classification(OffCpuReason.LOCK, "java monitor");
            }
            if (name.startsWith("JVM_Sleep")
                    || isCxxMethod(name, "JavaThread", "sleep")
                    || isCxxMethod(name, "JavaThread", "sleep_nanos")) {
                return new Classification(OffCpuReason.SLEEP, "Thread.sleep");
            }
            if (isCxxMethod(name, "Parker", "park") || name.equals("Unsafe_Park")) {
                return javaWait(frames);
            }
            if (f.type() == FrameType.CPP) {
                sawJvmFrame = true;
            }
        }
        if (sawJvmFrame) {
            return new Classification(OffCpuReason.LOCK, "jvm internal");
        }
        return new Classification(OffCpuReason.LOCK, sawUserFrame ? "futex" : "futex (no user stack)");
    }

    /** The blocking JDK method among the Java frames (a park's caller says which j.u.c. construct). */
    private static Classification javaWait(List<Frame> frames) {
        boolean parked = false;
        for (Frame f : frames) {
            if (!f.type().isJava() && f.type() != FrameType.NATIVE) {
                if (isCxxMethod(f.methodName(), "Parker", "park")
                        || f.methodName().equals("Unsafe_Park")) {
                    parked = true;
                }
                continue;
            }
            // Frames carry JVM internal class names (java/lang/Thread) as the agent builds them.
            String cls = f.className().replace('/', '.');
            String method = f.methodName();
            if (cls.equals("java.lang.Thread") && method.startsWith("sleep")) {
                return new Classification(OffCpuReason.SLEEP, "Thread.sleep");
            }
            if (cls.equals("java.lang.Object") && method.startsWith("wait")) {
                return new Classification(OffCpuReason.LOCK, "Object.wait");
            }
            if (cls.equals("jdk.internal.misc.Unsafe") && method.equals("park")
                    || cls.equals("java.util.concurrent.locks.LockSupport")) {
                parked = true;
                continue;
            }
            if (parked) {
                if (cls.startsWith("java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject")
                        || cls.startsWith(
                                "java.util.concurrent.locks.AbstractQueuedLongSynchronizer$ConditionObject")) {
                    return new Classification(OffCpuReason.LOCK, "j.u.c. condition");
                }
                if (cls.startsWith("java.util.concurrent.locks.")) {
                    return new Classification(OffCpuReason.LOCK, "j.u.c. lock");
                }
                return new Classification(OffCpuReason.LOCK, "park");
            }
            if (f.type().isJava()) {
                // The first Java frame blocked without a known JDK method: a monitor entered from
                // compiled code whose runtime frames were not walked.
                return new Classification(OffCpuReason.LOCK, "futex");
            }
        }
        return new Classification(OffCpuReason.LOCK, parked ? "park" : "futex");
    }

    /**
     * Whether a C++ frame is {@code cls::method}: demangled as the symbolizer names frames
     * ({@code ObjectMonitor::wait}, parameters dropped, maybe inside a namespace), or mangled where
     * demangling failed ({@code _ZN13ObjectMonitor4waitEl}).
     */
    static boolean isCxxMethod(String frameName, String cls, String method) {
        if (frameName.startsWith("_Z")) { // left mangled: the name's parts are length-prefixed
            return frameName.contains(cls.length() + cls + method.length() + method);
        }
        // Compared in place: every new stack is classified, and Strings built here were the application's garbage.
        int end = frameName.length();
        int paren = frameName.indexOf('(');
        int space = frameName.indexOf(' ');
        end = paren >= 0 ? Math.min(end, paren) : end;
        end = space >= 0 ? Math.min(end, space) : end;
        int qualified = cls.length() + 2 + method.length();
        if (end == qualified) {
            return isQualifiedAt(frameName, 0, cls, method);
        }
        return end >= qualified + 2
                && frameName.startsWith("::", end - qualified - 2)
                && isQualifiedAt(frameName, end - qualified, cls, method);
    }

    /** Whether {@code name} holds {@code cls::method} at {@code at}. */
    private static boolean isQualifiedAt(String name, int at, String cls, String method) {
        return name.startsWith(cls, at)
                && name.startsWith("::", at + cls.length())
                && name.startsWith(method, at + cls.length() + 2);
    }

    private static boolean hasKernelFrame(List<Frame> frames, Set<String> functions) {
        for (Frame f : frames) {
            if (f.type() == FrameType.KERNEL && functions.contains(function(f))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasKernelFramePrefix(List<Frame> frames, List<String> prefixes) {
        for (Frame f : frames) {
            if (f.type() != FrameType.KERNEL) {
                continue;
            }
            String function = function(f);
            for (String prefix : prefixes) {
                if (function.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The kernel function without the " [module]" suffix KernelStackNames adds. */
    private static String function(Frame kernelFrame) {
        String name = kernelFrame.methodName();
        int space = name.indexOf(' ');
        return space < 0 ? name : name.substring(0, space);
    }

    private static String topKernelFunction(List<Frame> frames) {
        for (Frame f : frames) {
            if (f.type() == FrameType.KERNEL) {
                return function(f);
            }
        }
        return "unknown";
    }
}
