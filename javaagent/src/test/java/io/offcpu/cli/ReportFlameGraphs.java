package io.offcpu.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import one.convert.Arguments;
import one.convert.FlameGraph;

/**
 * Reads a flame graph HTML back with jfr-converter's own parser, as collapsed stacks
 * ({@code frame;frame;frame weight}): what the page draws, independent of our writer.
 */
public final class ReportFlameGraphs {
    private ReportFlameGraphs() {}

    /** Collapsed stack (frames joined by ';', jfr-converter's type suffixes included) to its weight. */
    public static Map<String, Long> collapsed(Path html) throws IOException {
        Arguments args = new Arguments();
        args.output = "collapsed";
        FlameGraph graph = new FlameGraph(args);
        try (Reader in = Files.newBufferedReader(html, StandardCharsets.UTF_8)) {
            graph.parseHtml(in);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8)) {
            graph.dump(out);
        }
        Map<String, Long> stacks = new LinkedHashMap<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            stacks.merge(line.substring(0, space), Long.parseLong(line.substring(space + 1)), Long::sum);
        }
        return stacks;
    }

    public static long total(Map<String, Long> collapsed) {
        return collapsed.values().stream().mapToLong(Long::longValue).sum();
    }
}
