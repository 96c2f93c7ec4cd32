package io.offcpu.codemap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The JDK's own tools as oracles: jcmd on this JVM, javap on our classes. */
final class JdkTools {
    private JdkTools() {}

    /**
     * Runs a command with its output going to a file, not a pipe: on JDK 25, jcmd against this
     * JVM blocked forever when this JVM read jcmd's output from a pipe (the attach listener
     * streams the output while the reading thread waits for a safepoint).
     */
    static String run(String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("offcpu-tool", ".out");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            boolean exited = process.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (!exited || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + (exited ? " failed: " : " timed out: ") + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    /** One nmethod of {@code jcmd Compiler.codelist}: code_begin and code_end. */
    record CodelistEntry(int level, String method, long codeBegin, long codeEnd) {}

    private static final Pattern CODELIST =
            Pattern.compile("^\\d+ (\\d+) \\d+ (\\S+) \\[0x([0-9a-f]+), 0x([0-9a-f]+) - 0x([0-9a-f]+)\\]$");

    /** Compiled methods of this JVM, e.g. method {@code io.offcpu.codemap.HotCode.hotLoop(I)I}. */
    static List<CodelistEntry> codelist() throws IOException, InterruptedException {
        String output = run(tool("jcmd"), Long.toString(ProcessHandle.current().pid()), "Compiler.codelist");
        List<CodelistEntry> entries = new ArrayList<>();
        for (String line : output.split("\n")) {
            Matcher m = CODELIST.matcher(line.trim());
            if (m.matches()) {
                entries.add(new CodelistEntry(
                        Integer.parseInt(m.group(1)),
                        m.group(2),
                        Long.parseUnsignedLong(m.group(4), 16),
                        Long.parseUnsignedLong(m.group(5), 16)));
            }
        }
        return entries;
    }

    /** {startBci, line} pairs of a method's LineNumberTable as {@code javap -l} prints them. */
    static List<int[]> javapLineTable(Class<?> type, String methodHeader) throws IOException, InterruptedException {
        String classPath = Path.of(
                        type.getProtectionDomain().getCodeSource().getLocation().getPath())
                .toString();
        String output = run(tool("javap"), "-c", "-l", "-p", "-cp", classPath, type.getName());
        List<int[]> table = new ArrayList<>();
        boolean inMethod = false;
        for (String line : output.split("\n")) {
            String trimmed = line.trim();
            // Member headers are indented by two spaces; code and tables deeper (JDK 17 and 25).
            if (line.startsWith("  ") && !line.startsWith("   ") && trimmed.endsWith(";")) {
                inMethod = trimmed.contains(methodHeader);
            } else if (inMethod && trimmed.startsWith("line ")) {
                String[] parts = trimmed.substring(5).split(": ");
                table.add(new int[] {Integer.parseInt(parts[1]), Integer.parseInt(parts[0])});
            }
        }
        if (table.isEmpty()) {
            throw new IllegalStateException("javap printed no line table for " + methodHeader + ":\n" + output);
        }
        return table;
    }
}
