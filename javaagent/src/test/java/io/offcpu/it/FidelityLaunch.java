package io.offcpu.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a {@link SampleLaunch} with or without frame pointers. {@link SampleLaunch} always adds
 * {@code -XX:+PreserveFramePointer} after the JVM options when the agent records (as users are told to run
 * it), and the last occurrence of a flag wins, so turning it off means replacing it in the command.
 */
final class FidelityLaunch {
    static final String WITH_FRAME_POINTERS = "-XX:+PreserveFramePointer";
    static final String WITHOUT_FRAME_POINTERS = "-XX:-PreserveFramePointer";

    private FidelityLaunch() {}

    static List<String> command(SampleLaunch launch, boolean framePointers) {
        List<String> command = new ArrayList<>();
        for (String argument : launch.command()) {
            command.add(argument.equals(WITH_FRAME_POINTERS) && !framePointers ? WITHOUT_FRAME_POINTERS : argument);
        }
        if (!command.contains(framePointers ? WITH_FRAME_POINTERS : WITHOUT_FRAME_POINTERS)) {
            throw new IllegalStateException("expected " + WITH_FRAME_POINTERS + " in " + launch);
        }
        return command;
    }

    static SampleProcess start(SampleLaunch launch, boolean framePointers) throws IOException {
        // Output goes to files, as in SampleLaunch.start(): a full pipe would block the sample.
        Process process = new ProcessBuilder(command(launch, framePointers))
                .directory(launch.workDirectory().toFile())
                .redirectOutput(launch.stdoutFile().toFile())
                .redirectError(launch.stderrFile().toFile())
                .start();
        return new SampleProcess(launch, process);
    }
}
