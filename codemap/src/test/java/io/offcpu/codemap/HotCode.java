package io.offcpu.codemap;

import java.io.IOException;
import java.time.Duration;

/** Methods the tests make hot enough for C2, with a callee small enough to be inlined. */
final class HotCode {
    static volatile int sink;
    static volatile int[] kept;

    private HotCode() {}

    /**
     * A pc is in an inlined method's scope only where the compiled code keeps debug information (calls,
     * safepoints, traps). Arithmetic alone has none once C2 inlines it, so a hotLoop compiled by C2 alone
     * had no pc in hotCallee: the tests then depended on the C1 version still being in the code cache. The
     * allocation, taken now and then so that C2 compiles it, brings a runtime call for its slow path.
     */
    static int hotCallee(int x) {
        if ((x & 1023) == 0) {
            kept = new int[1];
        }
        return (x * 31) ^ (x >>> 3);
    }

    static int hotLoop(int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += hotCallee(i + sum);
        }
        return sum;
    }

    /**
     * Runs hotLoop until jcmd lists it compiled by C2 (thresholds are ~10-15k invocations, but C2 compiles
     * in the background and its queue lags on a busy machine), for up to a minute.
     */
    static void makeHot() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        do {
            for (int round = 0; round < 40_000; round++) {
                sink += hotLoop(500);
            }
        } while (!compiledByC2("hotLoop(I)I") && System.nanoTime() < deadline);
    }

    private static boolean compiledByC2(String method) throws IOException, InterruptedException {
        String name = HotCode.class.getName() + "." + method;
        return JdkTools.codelist().stream()
                .anyMatch(e -> e.level() == 4 && e.method().equals(name));
    }

    /** Compiled before liboffcpu.so is loaded, so only the start() replay can report it. */
    static int warmedBeforeLoad(int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += i ^ (sum << 1);
        }
        return sum;
    }
}
