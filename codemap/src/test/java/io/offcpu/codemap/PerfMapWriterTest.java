package io.offcpu.codemap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerfMapWriterTest {
    private static final Pattern LINE = Pattern.compile("^([0-9a-f]+) ([0-9a-f]+) (\\S.*)$");
    private static final String HOT_LOOP = "io.offcpu.codemap.HotCode::hotLoop(I)I";

    @TempDir
    Path dir;

    @BeforeAll
    static void makeHot() throws Exception {
        LiveCodeEvents.drained();
        HotCode.makeHot();
    }

    @Test
    void liveMapHasPerfFormatAndEveryLiveBlob() throws IOException {
        // Blobs first: the drain thread applies to the map before it flushes the perf map, and
        // drained() waits for a drain in progress, whose flush then covers this snapshot.
        List<CodeBlob> live = LiveCodeEvents.CODE_MAP.liveBlobs();
        LiveCodeEvents.drained();
        Path path = LiveCodeEvents.PERF_MAP.path();
        assertEquals(PerfMapWriter.defaultPath(ProcessHandle.current().pid()), path);
        List<String> lines = Files.readAllLines(path);
        Set<String> seen = new HashSet<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            assertTrue(m.matches(), "not START SIZE name in hex without 0x: '" + line + "'");
            assertTrue(Long.parseUnsignedLong(m.group(1), 16) > 0 && Long.parseLong(m.group(2), 16) > 0, line);
            seen.add(line);
        }
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(" " + HOT_LOOP)), "no hotLoop line in " + path);
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(" Interpreter")), "no Interpreter line in " + path);
        for (CodeBlob blob : live) {
            String expected =
                    Long.toHexString(blob.start()) + " " + Integer.toHexString(blob.size()) + " " + blob.name();
            assertTrue(seen.contains(expected), "live blob missing from the perf map: " + expected);
        }
    }

    /** perf itself names samples of our JIT code from the map: the real reader. */
    @Test
    void perfReportNamesTheHotMethod() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/perf")), "perf is not installed");
        Thread spinner = new Thread(
                () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        HotCode.sink += HotCode.hotLoop(100_000);
                    }
                },
                "hot-spinner");
        spinner.start();
        Path data = dir.resolve("perf.data");
        try {
            JdkTools.run(
                    "perf",
                    "record",
                    "-q",
                    "-e",
                    "cpu-clock",
                    "-F",
                    "499",
                    "-o",
                    data.toString(),
                    "-p",
                    Long.toString(ProcessHandle.current().pid()),
                    "--",
                    "sleep",
                    "1.5");
        } finally {
            spinner.interrupt();
            spinner.join();
        }
        LiveCodeEvents.drained();
        String report = JdkTools.run("perf", "report", "-i", data.toString(), "--stdio", "--sort", "sym");
        assertTrue(report.contains(HOT_LOOP), "perf report does not name " + HOT_LOOP + ":\n" + report);
    }

    @Test
    void refusesASymlinkAndLeavesItsTargetAlone() throws IOException {
        Path target = Files.writeString(dir.resolve("victim"), "precious\n");
        Path link = Files.createSymbolicLink(dir.resolve("perf-1.map"), target);
        IOException e = assertThrows(IOException.class, () -> PerfMapWriter.open(link, false));
        assertTrue(e.getMessage().contains("symlink"), e.getMessage());
        assertEquals("precious\n", Files.readString(target));
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void refusesADanglingSymlink() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("perf-2.map"), dir.resolve("would-be-created"));
        assertThrows(IOException.class, () -> PerfMapWriter.open(link, false));
        assertFalse(Files.exists(dir.resolve("would-be-created"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void refusesAFileOfAnotherUser() throws IOException {
        assumeTrue((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0, "needs root to chown");
        Path path = Files.writeString(dir.resolve("perf-3.map"), "theirs\n");
        Files.setAttribute(path, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
        IOException e = assertThrows(IOException.class, () -> PerfMapWriter.open(path, false));
        assertTrue(e.getMessage().contains("uid 65534"), e.getMessage());
        assertEquals("theirs\n", Files.readString(path));
    }

    @Test
    void refusesADirectory() throws IOException {
        Path path = Files.createDirectory(dir.resolve("perf-4.map"));
        IOException e = assertThrows(IOException.class, () -> PerfMapWriter.open(path, false));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void replacesOurOldFileAppendsAtFlushAndDeletesAtClose() throws IOException {
        Path path = Files.writeString(dir.resolve("perf-5.map"), "stale snapshot\n");
        try (PerfMapWriter writer = PerfMapWriter.open(path, false)) {
            writer.add(new NamedStub("Interpreter", 0x7f00_0000_1000L, 0x20, CodeBlob.LOADED_BEFORE_START));
            assertEquals("", Files.readString(path), "nothing before flush");
            writer.flush();
            writer.add(new NamedStub("StubRoutines (1)", 0x7f00_0000_2000L, 0x1c0, 5));
            writer.flush();
            assertEquals("7f0000001000 20 Interpreter\n7f0000002000 1c0 StubRoutines (1)\n", Files.readString(path));
        }
        assertFalse(Files.exists(path), "removed at close");
    }

    @Test
    void keepsTheFileWhenAsked() throws IOException {
        Path path = dir.resolve("perf-6.map");
        try (PerfMapWriter writer = PerfMapWriter.open(path, true)) {
            writer.add(new NamedStub("Interpreter", 0x1000, 0x20, 0));
        }
        assertEquals("1000 20 Interpreter\n", Files.readString(path));
    }
}
