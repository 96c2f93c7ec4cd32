package io.offcpu.cli;

/** Parses a pid argument, naming the bad value. */
final class PidArgument {
    private PidArgument() {}

    static long parse(String text) throws AttachFailure {
        try {
            long pid = Long.parseLong(text);
            if (pid > 0) {
                return pid;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new AttachFailure("bad pid '" + text + "': expected a process id such as 12345 (see offcpu list)");
    }
}
