/**
 * Off-CPU events as JFR: the event schema, a small chunk writer of our own, and the merge with the
 * JVM's recording.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * TickClock clock = TickClock.calibrate();            // or TickClock.fromRecording(aJvmDump)
 * try (OffCpuChunkWriter w = new OffCpuChunkWriter(spoolPath, clock)) {
 *     w.write(new OffCpuEvent(...));                  // from values, or (the consumer's hot path)
 *     long stack = w.stackKey(frames, truncated);     //   keys interned once, kept while
 *     long thread = w.threadKey(threadRef);           //   w.poolGeneration() stays the same,
 *     w.write(offCpuFields);                          //   and a reused OffCpuFields: no allocation
 *     w.write(new OffCpuStatistics(...));             // now and then
 *     w.flushChunk();                                 // every few seconds: one complete chunk, fsynced
 * }
 * RecordingFiles.mergeAtomically(jvmDumpOrNull, spoolPath, destination);
 * }</pre>
 * The result holds the JVM's chunks, then ours. It reads in {@code jfr print}/{@code summary} of
 * JDK 17 and 25, {@code jdk.jfr.consumer.RecordingFile}, and JMC's parser, rules and flame graph
 * model (all checked by the tests of this module).
 *
 * <h2>Events</h2>
 * {@code offcpu.OffCpu} (category "Off-CPU"): startTime, duration, eventThread, stackTrace, state,
 * syscall, runQueueLatency, waker, cpu, weight, stackTruncated. {@code offcpu.Statistics}: the
 * profiler's counters. {@link io.offcpu.jfr.OffCpuSchema} is the one definition of both; the
 * metadata and the encoding are generated from it.
 *
 * <h2>Why the format is the way it is</h2>
 * <ul>
 * <li>Own writer (not JMC's {@code flightrecorder.writer}): it buffers a whole recording until close
 *     and starts a non-daemon thread; here every chunk is bounded ({@code maxChunkBytes}, default
 *     4 MiB, flushed automatically) and complete on disk, and no thread is started.</li>
 * <li>Chunk layout: header, events, one checkpoint with all constant pools, metadata last (JMC reads
 *     events until it meets the metadata event). Integers are LEB128 varints, strings UTF-8.</li>
 * <li>Constants are encoded once and keep their key across chunks (up to a memory bound, then all
 *     are forgotten at a chunk boundary and new content gets new keys); each chunk's checkpoint
 *     carries the cached bytes of the entries its events use and what those refer to, so every
 *     chunk reads on its own.</li>
 * <li>The JDK types ({@code java.lang.Thread}, {@code jdk.types.StackTrace}, {@code StackFrame},
 *     {@code Method}, {@code java.lang.Class}, ...) are declared by us, mirroring HotSpot's fields;
 *     stack frames are inline in the stack trace, as HotSpot writes them.</li>
 * <li>Type ids start at 2^34 and a constant key never names other content within a spool file: the JDK parser
 *     (17 and 25) shares constant pools between chunks by (type id, key) and reuses values it resolved
 *     in the previous chunk. Colliding type ids broke both JDKs' readers in a test.</li>
 * <li>Timestamps are in the JVM's own tick base, because JDK 25's parser converts every chunk with
 *     the first chunk's header. Measured here (JDK 17.0.15 and Temurin 25, x86_64): ticks are
 *     CLOCK_MONOTONIC ns minus the value at JVM start, 10^9 per second. {@link io.offcpu.jfr.TickClock}
 *     does not rely on that: it takes a (ticks, wall-clock) pair and the frequency from a JVM-written
 *     chunk header and links it to CLOCK_MONOTONIC through the measured wall-clock offset; JVM events
 *     land within 2 µs of the {@code nanoTime} around them.</li>
 * <li>Crash safety: each flush appends a complete chunk and forces it to disk.
 *     {@link io.offcpu.jfr.RecordingFiles#completeChunks} recognises a torn last chunk and the merge
 *     leaves it out; the merge writes a temporary file in the destination directory and renames it.</li>
 * </ul>
 *
 * <h2>Limits</h2>
 * <ul>
 * <li>A {@code RecordedThread.getId()} of our threads differs from the JVM's id for the same thread
 *     (each chunk numbers its constants); {@code osThreadId} and {@code javaThreadId} match, and JMC
 *     keys threads by {@code osThreadId}.</li>
 * <li>Class names of native and kernel frames are library basenames or {@code kernel}: readers turn
 *     '/' into '.', so paths would print badly. Methods carry no modifiers; classes no loader or
 *     module; threads no thread group.</li>
 * <li>If the wall clock is stepped between calibration and writing, our events shift by the step
 *     relative to the JVM's.</li>
 * <li>DESIGN notes that {@code jfr summary} may mislabel later chunks' event types in a merged file
 *     (a JDK tool quirk); here it exits 0 and lists our types, and {@code jfr print} and the parsers
 *     are right.</li>
 * </ul>
 */
package io.offcpu.jfr;
