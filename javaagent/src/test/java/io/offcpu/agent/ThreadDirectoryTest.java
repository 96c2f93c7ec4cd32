package io.offcpu.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.offcpu.jfr.ThreadRef;
import io.offcpu.samples.KernelThreadId;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Java identities of this JVM's threads, read through VMStructs against the kernel's tids. */
class ThreadDirectoryTest {
    @Test
    void aThreadStartedRightAfterARefreshHasItsJavaNameInItsFirstEvent() throws Exception {
        ThreadDirectory threads = new ThreadDirectory(ProcessHandle.current().pid());
        threads.refreshJavaThreads(); // loads the JNI library, which takes longer than the refresh interval
        threads.refreshJavaThreads(); // as an earlier event of a burst of new threads would
        CompletableFuture<Integer> tid = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        Thread late = new Thread(
                () -> {
                    tid.complete((int) KernelThreadId.current());
                    release.join();
                },
                "started-after-the-refresh");
        late.start();
        try {
            int lateTid = tid.get();
            // Its first event ended after the refresh: the directory asks again instead of naming it by its kernel
            // name until the next periodic refresh.
            ThreadRef named = threads.thread(lateTid, System.nanoTime());
            assertEquals("started-after-the-refresh", named.javaName());
            assertEquals(late.getId(), named.javaThreadId());
        } finally {
            release.complete(null);
            late.join();
        }
    }
}
