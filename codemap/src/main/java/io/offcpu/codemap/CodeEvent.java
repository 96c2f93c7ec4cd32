package io.offcpu.codemap;

/** One decoded record of the native code-event stream (layout in codemap.h). */
public sealed interface CodeEvent {

    /** Sent once per method before (or with) the first load naming it. */
    record Method(JavaMethod method) implements CodeEvent {}

    /**
     * A compiled method was installed at [codeStart, codeStart + codeSize).
     *
     * @param timestampNanos System.nanoTime() clock; for replayed events the time of the replay
     * @param replayed       sent by CodeEvents.start() for code that existed before
     * @param truncated      inline info was cut to fit the record size limit
     * @param inlineInfo     per pc, the frames from innermost to outermost
     */
    record CompiledLoad(
            long timestampNanos,
            long methodId,
            long codeStart,
            int codeSize,
            boolean replayed,
            boolean truncated,
            InlineRecords inlineRecords)
            implements CodeEvent {}

    /** The scope chain at one pc: method ids and bcis, innermost first (a convenience for {@link InlineInfo#of}). */
    record PcFrames(long pc, long[] methodIds, int[] bcis) {}

    /** A compiled method was removed; its range may be reused by later code. */
    record CompiledUnload(long timestampNanos, long methodId, long codeStart) implements CodeEvent {}

    /** Generated code that is not a Java method: "Interpreter", stubs, adapters. */
    record DynamicCode(long timestampNanos, String name, long codeStart, int codeSize, boolean replayed)
            implements CodeEvent {}
}
