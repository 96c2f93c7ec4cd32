package io.offcpu.samples;

import java.util.concurrent.locks.LockSupport;

/**
 * Blocks through one of 16 methods in turn, each called once per 16 blocks of 8 ms: about 8 calls a
 * second, so a run shorter than ~25 s leaves them below C1's invocation threshold (200) and they stay
 * interpreted. The blocking method itself, called every time, gets compiled.
 */
final class ColdWorkload {
    static final String THREAD_NAME = "fidelity-cold";
    private static final long PARK_NANOS = 8_000_000;
    private final StackTruthRecorder truths;
    private int round;

    ColdWorkload(StackTruthRecorder truths) {
        this.truths = truths;
    }

    void blockOnce() {
        switch (round++ % 16) {
            case 0:
                cold00(round);
                break;
            case 1:
                cold01(round);
                break;
            case 2:
                cold02(round);
                break;
            case 3:
                cold03(round);
                break;
            case 4:
                cold04(round);
                break;
            case 5:
                cold05(round);
                break;
            case 6:
                cold06(round);
                break;
            case 7:
                cold07(round);
                break;
            case 8:
                cold08(round);
                break;
            case 9:
                cold09(round);
                break;
            case 10:
                cold10(round);
                break;
            case 11:
                cold11(round);
                break;
            case 12:
                cold12(round);
                break;
            case 13:
                cold13(round);
                break;
            case 14:
                cold14(round);
                break;
            default:
                cold15(round);
                break;
        }
    }

    private void cold00(int r) {
        coldPark(r + 0);
    }

    private void cold01(int r) {
        coldPark(r + 1);
    }

    private void cold02(int r) {
        coldPark(r + 2);
    }

    private void cold03(int r) {
        coldPark(r + 3);
    }

    private void cold04(int r) {
        coldPark(r + 4);
    }

    private void cold05(int r) {
        coldPark(r + 5);
    }

    private void cold06(int r) {
        coldPark(r + 6);
    }

    private void cold07(int r) {
        coldPark(r + 7);
    }

    private void cold08(int r) {
        coldPark(r + 8);
    }

    private void cold09(int r) {
        coldPark(r + 9);
    }

    private void cold10(int r) {
        coldPark(r + 10);
    }

    private void cold11(int r) {
        coldPark(r + 11);
    }

    private void cold12(int r) {
        coldPark(r + 12);
    }

    private void cold13(int r) {
        coldPark(r + 13);
    }

    private void cold14(int r) {
        coldPark(r + 14);
    }

    private void cold15(int r) {
        coldPark(r + 15);
    }

    private void coldPark(int r) {
        truths.capture(Thread.currentThread().getStackTrace()); LockSupport.parkNanos(PARK_NANOS); truths.returned();
    }
}
