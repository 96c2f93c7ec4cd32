/**
 * The report on a recording, without Mission Control: reading offcpu's events back from a {@code .jfr} file
 * ({@link io.offcpu.report.RecordingReader}), filtering them, the text tables and the flame graphs. The entry
 * point is {@link io.offcpu.report.Report}; the command line's {@code report} only turns its options into a
 * {@link io.offcpu.report.Report.Request}.
 */
package io.offcpu.report;
