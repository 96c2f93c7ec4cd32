package io.offcpu.cli;

/** Sends an agent command to the recording running in a JVM: what {@code status} and {@code stop} share. */
final class RunningRecording {
    private RunningRecording() {}

    /**
     * Runs {@code agentCommand} in JVM {@code pidText} and prints its answer. A JVM that is not
     * recording is answered without loading offcpu into it: as an error when {@code requireRecording}.
     * Returns the exit status.
     */
    static int send(String commandName, String pidText, String agentCommand, boolean requireRecording) {
        try {
            long target = PidArgument.parse(pidText);
            try (TargetJvm jvm = TargetJvm.attach(target)) {
                if (jvm.recording() == null) {
                    if (requireRecording) {
                        throw new AttachFailure("pid " + target + " is not recording");
                    }
                    System.out.println("pid " + target + ": not recording");
                    return 0;
                }
                System.out.println("pid " + target + ": " + jvm.run(agentCommand));
                return 0;
            }
        } catch (AttachFailure e) {
            System.err.println("offcpu " + commandName + ": " + e.getMessage());
            return 1;
        }
    }
}
