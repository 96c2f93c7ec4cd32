package io.offcpu.samples;

import java.time.Duration;

/**
 * Every sample at once in one JVM, for the demo: sleep, park, a contended monitor, a socket read, fsync and
 * page faults. Arguments as for the single samples: duration (default 30s), then the directory for the fsync
 * and page-fault files. {@link CpuOversubscriptionSample} is left out: its spinners would keep every other
 * sample's threads waiting for a CPU, and the machine busy.
 */
public final class AllSamples {
    private AllSamples() {}

    public static void main(String[] args) {
        SampleRunner.main(
                args,
                "AllSamples",
                Duration.ofSeconds(30),
                new SleepSample(),
                new ParkSample(),
                new MonitorSample(),
                new SocketReadSample(),
                new FsyncSample(SampleDirectory.fromArgs(args)),
                new PageFaultSample(SampleDirectory.fromArgs(args)));
    }
}
