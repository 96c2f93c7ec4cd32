package io.offcpu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportReasonTest {
    private static final List<BlockedInterval.NamedFrame> PARK = List.of(
            new BlockedInterval.NamedFrame("java.util.concurrent.locks.LockSupport.park", "Inlined", true),
            new BlockedInterval.NamedFrame("jdk.internal.misc.Unsafe.park", "Native", true),
            new BlockedInterval.NamedFrame("__futex_abstimed_wait_common", "Native", false),
            new BlockedInterval.NamedFrame("futex_do_wait", "Kernel", false));
    private static final List<BlockedInterval.NamedFrame> SLEEP = List.of(
            new BlockedInterval.NamedFrame("com.example.Sleeper.nap", "JIT compiled", true),
            new BlockedInterval.NamedFrame("java.lang.Thread.sleep", "Interpreted", true),
            new BlockedInterval.NamedFrame("__futex_abstimed_wait_common", "Native", false),
            new BlockedInterval.NamedFrame("futex_do_wait", "Kernel", false));
    /** Thread.sleep further out than the innermost Java frame does not make a lock wait a sleep. */
    private static final List<BlockedInterval.NamedFrame> PARK_INSIDE_SLEEP = List.of(
            new BlockedInterval.NamedFrame("java.lang.Thread.sleep", "Interpreted", true),
            new BlockedInterval.NamedFrame("jdk.internal.misc.Unsafe.park", "Native", true),
            new BlockedInterval.NamedFrame("futex_do_wait", "Kernel", false));

    @ParameterizedTest(name = "{0} in ''{1}'' -> {2}")
    @CsvSource({
        "runnable (preempted), futex, preempted",
        "R, '', preempted",
        "sleeping (S), clock_nanosleep, sleep",
        "S, nanosleep, sleep",
        "sleeping (S), read, network",
        "sleeping (S), epoll_wait, network",
        "sleeping (S), recvfrom, network",
        "uninterruptible (D), fsync, disk-io",
        "uninterruptible (D), read, disk-io",
        "D, pwrite64, disk-io",
        "uninterruptible (D), '', page-fault",
        "sleeping (S), wait4, other",
        "sleeping (S), '', other",
        "zombie, futex, other",
    })
    void derivesACoarseReasonFromStateAndSyscall(String state, String syscall, String reason) {
        assertEquals(reason, ReportReason.derive(state, syscall, List.of()));
    }

    @Test
    void futexIsALockUnlessTheInnermostJavaFrameIsThreadSleep() {
        assertEquals(ReportReason.LOCK, ReportReason.derive("sleeping (S)", "futex", PARK));
        assertEquals(ReportReason.SLEEP, ReportReason.derive("sleeping (S)", "futex", SLEEP));
        assertEquals(ReportReason.LOCK, ReportReason.derive("sleeping (S)", "futex", PARK_INSIDE_SLEEP));
        assertEquals(ReportReason.LOCK, ReportReason.derive("S", "futex", List.of()));
    }

    @Test
    void parsesTheReasonsUsersTypeAndNothingElse() {
        for (String r : ReportReason.ALL) {
            assertEquals(r, ReportReason.parse(r.toUpperCase()));
        }
        assertNull(ReportReason.parse("io"));
        assertNull(ReportReason.parse(""));
    }
}
