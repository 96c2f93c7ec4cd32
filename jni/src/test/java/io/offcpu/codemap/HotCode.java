package io.offcpu.codemap;

/** Methods the tests make hot enough for C2, with a callee small enough to be inlined. */
final class HotCode {
    static volatile int sink;

    private HotCode() {
    }

    static int hotCallee(int x) {
        return (x * 31) ^ (x >>> 3);
    }

    static int hotLoop(int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += hotCallee(i + sum);
        }
        return sum;
    }

    /** Runs hotLoop until C2 has surely compiled it (thresholds are ~10-15k invocations). */
    static void makeHot() {
        for (int round = 0; round < 40_000; round++) {
            sink += hotLoop(500);
        }
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
