package io.offcpu.samples;

import java.time.Duration;

/**
 * Every sample at once in one JVM, for the demo: sleep, park, a contended monitor, a socket read and fsync.
 * Arguments as for the single samples: duration (default 30s), then the fsync directory.
 */
public final class AllSamples {
    private AllSamples() {
    }

    public static void main(String[] args) {
        SampleRunner.main(args, "AllSamples", Duration.ofSeconds(30),
                new SleepSample(),
                new ParkSample(),
                new MonitorSample(),
                new SocketReadSample(),
                new FsyncSample(FsyncSample.directoryArgument(args)));
    }
}
