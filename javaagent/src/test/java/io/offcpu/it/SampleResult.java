package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** A sample JVM that has exited: its status, output, and the recording when the agent was on. */
public record SampleResult(SampleLaunch launch, int exitCode, String stdout, String stderr) {

    public SampleReport report() {
        return new SampleReport(stdout);
    }

    /** Asserts a clean run (status 0, "finished" printed) and returns the sample's report. */
    public SampleReport requireSuccess() {
        assertEquals(0, exitCode, () -> "sample exit status\n" + this);
        assertTrue(report().isFinished(), () -> "sample did not print 'finished'\n" + this);
        return report();
    }

    /** The recording the agent wrote at JVM exit; fails when there is none. */
    public Path requireRecording() {
        Path jfr = launch.recordingFile()
                .orElseThrow(() -> new IllegalStateException("this launch ran without the agent: " + launch));
        assertTrue(Files.isRegularFile(jfr), () -> "the agent wrote no recording at " + jfr + "\n" + this);
        return jfr;
    }

    @Override
    public String toString() {
        return "command: " + launch + "\nexit status: " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
}
