package io.offcpu.jfr;

/**
 * The version of our event schema, written into every chunk's metadata as the annotation
 * {@value #ANNOTATION} on {@code offcpu.OffCpu} (an annotation costs no byte per event), so a reader can
 * tell which fields and values the events have and refuse files of another version instead of guessing.
 * Raise {@link #CURRENT} when fields or their meaning change.
 *
 * <p>Version 1: the {@code reason} values preempted, lock, idle, sleep, network, disk-io, page-fault,
 * other; {@code waker} and {@code wokenBy}; hidden classes named as the JVM's own events name them.
 */
public final class SchemaVersion {
    public static final String ANNOTATION = "offcpu.SchemaVersion";
    public static final int CURRENT = 1;

    private SchemaVersion() {}
}
