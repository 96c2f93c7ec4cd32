package io.offcpu.report;

import java.util.List;
import java.util.Locale;

/**
 * Why a thread was off the CPU, in the words of the event's {@code reason} field: {@code preempted, lock,
 * idle, sleep, network, disk-io, page-fault, other} (the agent's {@code OffCpuReason}; schema version 1).
 */
public final class ReportReason {
    static final String PREEMPTED = "preempted";
    static final String LOCK = "lock";
    static final String IDLE = "idle";
    static final String SLEEP = "sleep";
    static final String NETWORK = "network";
    static final String DISK_IO = "disk-io";
    static final String PAGE_FAULT = "page-fault";
    static final String OTHER = "other";

    /** Every reason, in the order the report lists them when asked which are accepted. */
    public static final List<String> ALL = List.of(PREEMPTED, LOCK, IDLE, SLEEP, NETWORK, DISK_IO, PAGE_FAULT, OTHER);

    private ReportReason() {}

    /** The accepted spelling of a user's {@code --reason} value, or null when it is not a reason. */
    public static String parse(String value) {
        String lower = value.trim().toLowerCase(Locale.ROOT);
        return ALL.contains(lower) ? lower : null;
    }
}
