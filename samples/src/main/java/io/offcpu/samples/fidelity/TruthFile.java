package io.offcpu.samples.fidelity;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The file a fidelity sample writes its {@link StackTruth}s to and the matcher reads them from. Text, one
 * truth per line, fields separated by tabs:
 * <pre>
 * truth	&lt;tid&gt;	&lt;nanoTime&gt;	&lt;blockedNanos&gt;	&lt;blockKind&gt;	&lt;class&gt; &lt;method&gt; &lt;line&gt;|&lt;class&gt; &lt;method&gt; &lt;line&gt;|...
 * </pre>
 * Threads append whole batches under a lock, so lines never interleave.
 */
public final class TruthFile {
    private static final String PREFIX = "truth\t";
    private final Path path;

    public TruthFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    public synchronized void append(List<StackTruth> truths) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(
                path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (StackTruth truth : truths) {
                out.write(format(truth));
                out.newLine();
            }
        }
    }

    public static List<StackTruth> read(Path path) throws IOException {
        List<StackTruth> truths = new ArrayList<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            lineNumber++;
            if (!line.startsWith(PREFIX)) {
                continue;
            }
            try {
                truths.add(parse(line));
            } catch (RuntimeException e) {
                throw new IOException(
                        path + ":" + lineNumber + ": bad truth line '" + line
                                + "': expected truth<TAB>tid<TAB>nanoTime<TAB>blockedNanos<TAB>kind<TAB>class method line|...",
                        e);
            }
        }
        return truths;
    }

    static String format(StackTruth truth) {
        StringBuilder s = new StringBuilder(PREFIX)
                .append(truth.tid())
                .append('\t')
                .append(truth.nanoTime())
                .append('\t')
                .append(truth.blockedNanos())
                .append('\t')
                .append(truth.blockKind())
                .append('\t');
        for (int i = 0; i < truth.frames().size(); i++) {
            StackTruth.Frame f = truth.frames().get(i);
            s.append(i == 0 ? "" : "|")
                    .append(f.className())
                    .append(' ')
                    .append(f.methodName())
                    .append(' ')
                    .append(f.line());
        }
        return s.toString();
    }

    static StackTruth parse(String line) {
        String[] fields = line.split("\t", -1);
        if (fields.length != 6) {
            throw new IllegalArgumentException(fields.length + " fields");
        }
        List<StackTruth.Frame> frames = new ArrayList<>();
        for (String frame : fields[5].split("\\|")) {
            String[] parts = frame.split(" ");
            if (parts.length != 3) {
                throw new IllegalArgumentException("frame '" + frame + "'");
            }
            frames.add(new StackTruth.Frame(parts[0], parts[1], Integer.parseInt(parts[2])));
        }
        return new StackTruth(
                Long.parseLong(fields[1]), Long.parseLong(fields[2]), Long.parseLong(fields[3]), fields[4], frames);
    }

    /** For callers that cannot throw checked exceptions. */
    public static List<StackTruth> readUnchecked(Path path) {
        try {
            return read(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
