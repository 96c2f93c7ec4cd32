package io.offcpu.report;

/**
 * The last {@code offcpu.Statistics} event of a recording: the profiler's counters, cumulative since it
 * started, so the last one covers the whole run.
 */
record ReportStatistics(long switchesSeen, long episodesEmitted, long recordsDropped, long stacksFailed) {}
