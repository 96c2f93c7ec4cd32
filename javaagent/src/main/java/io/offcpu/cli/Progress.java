package io.offcpu.cli;

import io.offcpu.agent.Durations;

/** Progress of a timed recording: a redrawn bar on a terminal, one plain line per update otherwise. */
final class Progress {
    private static final int BAR_WIDTH = 30;

    private final long totalNanos;
    private final boolean terminal;

    private Progress(long totalNanos, boolean terminal) {
        this.totalNanos = totalNanos;
        this.terminal = terminal;
    }

    static Progress forConsole(long totalNanos) {
        return new Progress(totalNanos, System.console() != null);
    }

    void show(long elapsedNanos, String status) {
        String elapsed = seconds(elapsedNanos) + "/" + seconds(totalNanos);
        String counts = status.contains(": ") ? status.substring(status.indexOf(": ") + 2) : status;
        if (terminal) {
            int filled = (int) Math.min(BAR_WIDTH, BAR_WIDTH * elapsedNanos / totalNanos);
            System.out.print(
                    "\r[" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] " + elapsed + "  " + counts);
            System.out.flush();
        } else {
            System.out.println(elapsed + " " + counts);
        }
    }

    void done() {
        if (terminal) {
            System.out.println();
        }
    }

    private static String seconds(long nanos) {
        return Durations.format(nanos / 1_000_000_000L * 1_000_000_000L);
    }
}
