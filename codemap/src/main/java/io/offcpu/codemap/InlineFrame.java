package io.offcpu.codemap;

/**
 * One Java frame of the scope chain at a pc of compiled code.
 *
 * @param method the method executing in this frame
 * @param bci    the bytecode index, -1 when unknown (negative values are HotSpot's entry and
 *               synchronization markers)
 * @param line   the source line at bci, -1 when unknown
 * @param inlined true for methods inlined into the compiled method; false for the compiled
 *               method itself (the outermost frame)
 */
public record InlineFrame(JavaMethod method, int bci, int line, boolean inlined) {}
