package io.offcpu.samples.fidelity;

import java.nio.file.Path;

/** Prints the fidelity report of one run: {@code FidelityCheck <truth file> <recording.jfr> [top causes]}. */
public final class FidelityCheck {
    private FidelityCheck() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: FidelityCheck <truth file> <recording.jfr> [number of causes to show]");
            System.exit(2);
        }
        FidelityReport report =
                FidelityMatcher.match(TruthFile.read(Path.of(args[0])), EpisodeRecording.read(Path.of(args[1])));
        System.out.print(report.format(args.length > 2 ? Integer.parseInt(args[2]) : 10));
    }
}
