package io.offcpu.codemap;

import io.offcpu.jni.CodeEvents;
import io.offcpu.jni.NativeLibrary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The one code-event feed of the test JVM: the native buffer can be drained by one consumer
 * only, so all tests share this pump, its CodeMap and its perf map /tmp/perf-<pid>.map.
 */
final class LiveCodeEvents {
    static final CodeMap CODE_MAP = new CodeMap();
    static final PerfMapWriter PERF_MAP;
    static final CodeEventPump PUMP;
    /** jcmd Compiler.codelist taken before the library was loaded. */
    static final List<JdkTools.CodelistEntry> CODELIST_BEFORE_LOAD;

    static {
        try {
            HotCode.sink += warmUpBeforeLoad();
            CODELIST_BEFORE_LOAD = JdkTools.codelist();
            // The library of the jni module's classes on the test class path, as the agent loads it.
            NativeLibrary.load();
            PERF_MAP = PerfMapWriter.forCurrentProcess(false);
            PUMP = new CodeEventPump(CODE_MAP, PERF_MAP, 50);
            PUMP.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    PUMP.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private LiveCodeEvents() {}

    private static int warmUpBeforeLoad() throws InterruptedException {
        int sum = 0;
        for (int i = 0; i < 30_000; i++) {
            sum += HotCode.warmedBeforeLoad(300);
        }
        Thread.sleep(500); // background compilation finishes
        return sum;
    }

    /** The code map with everything the JVM reported so far. */
    static CodeMap drained() {
        PUMP.drainNow();
        PUMP.failure().ifPresent(e -> {
            throw new AssertionError("drain thread failed", e);
        });
        return CODE_MAP;
    }

    static long dropped() {
        return CodeEvents.droppedRecords();
    }
}
