package io.offcpu.agent;

import io.offcpu.jfr.ThreadRef;
import io.offcpu.jni.HotSpotThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Who a kernel thread of this JVM is: for Java threads the Java thread id and full name (the
 * kernel keeps only 15 characters), for JVM-internal threads (GC, compiler, VM thread) their
 * kernel name. Java identities are refreshed when an unknown tid shows up in an event that ended
 * after the last refresh (the thread was alive then, so a refresh now finds it if it is a Java
 * thread that is still there), else at most once per {@link #REFRESH_INTERVAL_NANOS}. The events
 * of a batch all ended before it is read, so that is at most one refresh per batch however many
 * threads start; a tid that a refresh after its first sighting did not find among the Java threads
 * waits for the next periodic refresh ({@link #refreshJavaThreads}, every second) rather than
 * asking again.
 *
 * <p>Looked up for every event: a known tid costs one probe of an int-keyed table and allocates nothing.
 */
final class ThreadDirectory {
    private static final long REFRESH_INTERVAL_NANOS = 200_000_000L;
    /** For a sighting whose time is not known: only the refresh interval applies. */
    private static final long UNKNOWN_TIME = Long.MIN_VALUE;

    private final long pid;
    private final TidMap<ThreadRef> javaThreads = new TidMap<>();
    private final TidMap<OtherThread> otherThreads = new TidMap<>();
    private long lastRefreshNanos = Long.MIN_VALUE / 2;
    private long refreshes;

    /** A thread with no Java identity (yet), and the refresh count when it was first seen. */
    private record OtherThread(ThreadRef thread, long firstSeenAtRefresh) {}

    ThreadDirectory(long pid) {
        this.pid = pid;
    }

    /** The thread of this JVM with kernel tid {@code tid}. */
    ThreadRef thread(int tid) {
        return thread(tid, UNKNOWN_TIME);
    }

    /**
     * The thread of this JVM with kernel tid {@code tid}, which was alive at {@code aliveAtNanos}
     * (System.nanoTime(): the end of its episode, the time of its wakeup).
     */
    ThreadRef thread(int tid, long aliveAtNanos) {
        ThreadRef known = javaThreads.get(tid);
        if (known != null) {
            return known;
        }
        OtherThread other = otherThreads.get(tid);
        boolean unconfirmed = other == null || other.firstSeenAtRefresh() == refreshes;
        if (unconfirmed
                && (aliveAtNanos != UNKNOWN_TIME && lastRefreshNanos - aliveAtNanos < 0
                        || System.nanoTime() - lastRefreshNanos > REFRESH_INTERVAL_NANOS)) {
            refreshJavaThreads();
            known = javaThreads.get(tid);
            if (known != null) {
                return known;
            }
        }
        if (other == null) {
            other = new OtherThread(new ThreadRef(tid, kernelName(pid, tid), 0, null), refreshes);
            otherThreads.put(tid, other);
        }
        return other.thread();
    }

    /** A thread of another process, named by the kernel ({@code comm}) and its process id. */
    static ThreadRef foreign(int tid, int tgid, String comm) {
        String name = tid == 0 ? "kernel (interrupt or idle)" : comm + " (pid " + tgid + ")";
        return new ThreadRef(tid, name, 0, null);
    }

    void refreshJavaThreads() {
        lastRefreshNanos = System.nanoTime();
        refreshes++;
        Thread[] threads = liveThreads();
        int[] tids = HotSpotThreads.kernelThreadIds(threads);
        if (tids == null) {
            return;
        }
        for (int i = 0; i < threads.length; i++) {
            if (tids[i] > 0) {
                Thread t = threads[i];
                ThreadRef old = javaThreads.get(tids[i]);
                // The same identity keeps its object: holders of a ThreadRef compare by reference.
                if (old == null || old.javaThreadId() != t.getId() || !Objects.equals(old.javaName(), t.getName())) {
                    javaThreads.put(tids[i], new ThreadRef(tids[i], t.getName(), t.getId(), t.getName()));
                }
                otherThreads.remove(tids[i]);
            }
        }
    }

    private static Thread[] liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int count;
        while ((count = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        Thread[] live = new Thread[count];
        System.arraycopy(threads, 0, live, 0, count);
        return live;
    }

    private static String kernelName(long pid, int tid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "task", Integer.toString(tid), "comm"))
                    .strip();
        } catch (IOException e) {
            return "thread " + tid;
        }
    }
}
