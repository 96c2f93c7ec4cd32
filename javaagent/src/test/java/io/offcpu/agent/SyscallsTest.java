package io.offcpu.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SyscallsTest {
    @Test
    void namesTheSyscallsThreadsBlockIn() {
        assertEquals("read", Syscalls.name(0));
        assertEquals("futex", Syscalls.name(202));
        assertEquals("clock_nanosleep", Syscalls.name(230));
        assertEquals("fsync", Syscalls.name(74));
        assertEquals("fdatasync", Syscalls.name(75));
        assertEquals("epoll_wait", Syscalls.name(232));
        assertEquals("syscall 9999", Syscalls.name(9999));
        assertEquals("", Syscalls.name(-1));
    }

    @Test
    void namesKernelStates() {
        assertEquals("runnable (preempted)", KernelStates.name(0));
        assertEquals("sleeping (S)", KernelStates.name(1));
        assertEquals("uninterruptible (D)", KernelStates.name(2));
        assertEquals("uninterruptible (D)", KernelStates.name(0x402 & 0xff));
    }
}
