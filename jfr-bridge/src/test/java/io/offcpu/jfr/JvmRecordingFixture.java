package io.offcpu.jfr;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Configuration;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.StackTrace;

/**
 * A real recording by this JVM: a marker event, a known instant, another marker. Our events placed
 * at that instant must sort between the two markers in every reader.
 */
final class JvmRecordingFixture {

    @Name("offcpu.test.Marker")
    @Label("Test Marker")
    @StackTrace(false)
    static final class Marker extends Event {
        @Label("Sequence")
        int sequence;
    }

    final Path file;
    /** System.nanoTime() between the two markers, at least {@code GAP_NANOS} from each. */
    final long middleNanos;

    static final long GAP_NANOS = 5_000_000;

    private JvmRecordingFixture(Path file, long middleNanos) {
        this.file = file;
        this.middleNanos = middleNanos;
    }

    static JvmRecordingFixture record(Path file) throws Exception {
        long middle;
        // JDK's "default" settings and a run past the 1 s periodic events: JMC's rules need GC, CPU
        // load and code cache events to evaluate at all.
        try (Recording r = new Recording(Configuration.getConfiguration("default"))) {
            r.enable(Marker.class);
            r.enable("jdk.ThreadSleep").withoutThreshold();
            r.start();
            System.gc();
            commit(1);
            sleepAtLeast(GAP_NANOS);
            middle = System.nanoTime();
            sleepAtLeast(GAP_NANOS);
            commit(2);
            Thread.sleep(1_100); // a jdk.ThreadSleep event, and time for the periodic events
            r.stop();
            r.dump(file);
        }
        return new JvmRecordingFixture(file, middle);
    }

    private static void commit(int sequence) {
        Marker m = new Marker();
        m.sequence = sequence;
        m.commit();
    }

    private static void sleepAtLeast(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            LockSupport.parkNanos(end - System.nanoTime());
        }
    }

    static long epochNanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
