package io.offcpu.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code offcpu report app.jfr [--html flame.html]}: understand a recording without Mission Control. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Summarize the off-CPU events of a recording and draw an off-CPU flame graph.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "a .jfr file written by offcpu")
    Path file;

    @Option(names = "--html", paramLabel = "FILE", description = "write a self-contained off-CPU flame graph here")
    Path html;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "rows per table (default ${DEFAULT-VALUE})")
    int top;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            System.err.println("offcpu report: no such file: " + file);
            return 2;
        }
        List<BlockedInterval> intervals = RecordingReader.read(file);
        if (intervals.isEmpty()) {
            System.err.println("offcpu report: " + file + " holds no " + RecordingReader.OFF_CPU_EVENT + " events");
            return 1;
        }
        TextSummary.print(intervals, top, System.out);
        if (html != null) {
            FlameGraphHtml.write(intervals, "Off-CPU time: " + file.getFileName(), html);
            System.out.println();
            System.out.println("Flame graph: " + html.toAbsolutePath());
        }
        return 0;
    }
}
