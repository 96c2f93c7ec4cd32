package io.offcpu.bench.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcCpuTest {
    @Test
    void utimePlusStimeInTicksOfOneHundredthOfASecond() {
        // proc(5): pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime
        String stat = "4242 (java) S 1 4242 4242 0 -1 4194560 12345 0 7 0 250 75 0 0 20 0 21 0 1000 5000000 9000";
        assertEquals(3.25, ProcCpu.secondsOf(stat), 1e-9);
    }

    @Test
    void aCommWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String stat = "77 (C2 Compiler) (x) R 1 77 77 0 -1 4194560 1 0 0 0 100 20 0 0 20 0 1 0 5 6 7";
        assertEquals(1.2, ProcCpu.secondsOf(stat), 1e-9);
    }

    @Test
    void thisThreadsCpuIsCountedByItsName() throws Exception {
        long pid = ProcessHandle.current().pid();
        long x = 1;
        long end = System.nanoTime() + 200_000_000L;
        while (System.nanoTime() < end) {
            x = x * 31 + 7;
        }
        assertTrue(x != 0);
        String comm = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/comm"))
                .trim();
        assertTrue(ProcCpu.threadSeconds(pid, comm) >= 0.1, "CPU of " + comm);
        assertTrue(ProcCpu.processSeconds(pid) >= ProcCpu.threadSeconds(pid, comm));
        assertEquals(0, ProcCpu.threadSeconds(pid, "no-such-thread-"));
    }
}
