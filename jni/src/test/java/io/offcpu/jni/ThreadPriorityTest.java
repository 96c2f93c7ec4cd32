package io.offcpu.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The kernel's own view of each thread's nice value (/proc/self/task/<tid>/stat) after lowering one thread. */
class ThreadPriorityTest {
    @BeforeAll
    static void loadLibrary() {
        System.setProperty(NativeLibrary.PATH_PROPERTY, "target/classes/native/linux-x86_64/liboffcpu.so");
    }

    private static int ownTid() throws Exception {
        return Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self"))
                .getFileName()
                .toString());
    }

    /** Field 19 of stat, after the parenthesized command name (which may hold spaces). */
    private static int niceOf(int tid) throws Exception {
        String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[19 - 3]);
    }

    @Test
    void onlyTheCallingThreadGivesWay() throws Exception {
        int mainTid = ownTid();
        int mainNiceBefore = niceOf(mainTid);
        CompletableFuture<int[]> lowered = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        Thread agentLike = new Thread(
                () -> {
                    try {
                        int tid = ownTid();
                        int before = niceOf(tid);
                        boolean done = ThreadPriority.lowerCurrentThread();
                        lowered.complete(new int[] {tid, before, done ? 1 : 0});
                        release.join();
                    } catch (Exception e) {
                        lowered.completeExceptionally(e);
                    }
                },
                "priority-probe");
        agentLike.start();
        int[] result = lowered.get();
        try {
            assertEquals(1, result[2], "the kernel refused to lower the thread's priority");
            int expected = Math.min(19, result[1] + ThreadPriority.AGENT_NICE_INCREMENT);
            assertEquals(expected, niceOf(result[0]), "the lowered thread's nice value");
            assertTrue(result[0] != mainTid);
            assertEquals(mainNiceBefore, niceOf(mainTid), "another thread's nice value changed");
        } finally {
            release.complete(null);
            agentLike.join();
        }
    }
}
