package io.offcpu.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMapsTest {

    private static String fixture() throws Exception {
        try (InputStream in = ProcessMapsTest.class.getResourceAsStream("/fixtures/maps.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void parsesEveryFieldOfTheFixture() throws Exception {
        ProcessMaps maps = ProcessMaps.parse(fixture());
        assertEquals(15, maps.mappings().size());

        MemoryMapping libcText = maps.mappings().get(5);
        assertEquals(0x7f3a64e26000L, libcText.start());
        assertEquals(0x7f3a64f7b000L, libcText.end());
        assertEquals("r-xp", libcText.perms());
        assertEquals(0x26000, libcText.fileOffset());
        assertEquals("08:01", libcText.device());
        assertEquals(1053291, libcText.inode());
        assertEquals("libc.so.6", libcText.fileName());
        assertTrue(libcText.isExecutable() && libcText.isFileBacked());

        MemoryMapping spaces = maps.find(0x7f3a65000010L).orElseThrow();
        assertEquals("/tmp/my lib with spaces.so", spaces.path());
        MemoryMapping deleted = maps.find(0x7f3a65200000L).orElseThrow();
        assertTrue(deleted.isDeleted());
        assertEquals("/tmp/libgone.so", deleted.filePath());
        assertEquals("libgone.so", deleted.fileName());
        MemoryMapping anonymous = maps.find(0x7f3a5c000000L).orElseThrow();
        assertEquals("", anonymous.path());
        assertFalse(anonymous.isFileBacked());
        MemoryMapping vsyscall = maps.find(0xffffffffff600123L).orElseThrow();
        assertEquals("[vsyscall]", vsyscall.path());
    }

    @Test
    void executableFileMappingsAreTheCodeOfRegularFiles() throws Exception {
        List<String> paths = ProcessMaps.parse(fixture()).executableFileMappings().stream()
                .map(MemoryMapping::path)
                .toList();
        assertEquals(
                List.of(
                        "/usr/lib/jvm/java-17-openjdk-amd64/bin/java",
                        "/usr/lib/x86_64-linux-gnu/libc.so.6",
                        "/tmp/my lib with spaces.so",
                        "/tmp/libgone.so (deleted)"),
                paths);
    }

    @Test
    void findUsesHalfOpenRanges() throws Exception {
        ProcessMaps maps = ProcessMaps.parse(fixture());
        assertEquals(0x7f3a64e26000L, maps.find(0x7f3a64e26000L).orElseThrow().start());
        assertEquals(0x7f3a64e26000L, maps.find(0x7f3a64f7afffL).orElseThrow().start());
        assertEquals(0x7f3a64f7b000L, maps.find(0x7f3a64f7b000L).orElseThrow().start());
        assertTrue(maps.find(0x1000).isEmpty());
        assertTrue(maps.find(0x7f3a65100000L).isEmpty(), "gap between mappings");
    }

    @Test
    void malformedLineNamesTheLine() {
        IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class,
                () -> ProcessMaps.parse(
                        "55d0c0a00000-55d0c0a01000 r--p 00000000 08:01 1048601 /bin/x\nnot a maps line\n"));
        assertTrue(error.getMessage().contains("line 2"), error.getMessage());
    }

    @Test
    void selfMapsMatchTheKernelsText() throws Exception {
        ProcessMaps maps = ProcessMaps.ofSelf();
        List<String> lines = Files.readAllLines(Path.of("/proc/self/maps"));
        // The JVM maps and unmaps memory concurrently; the counts agree within a few lines.
        assertTrue(
                Math.abs(lines.size() - maps.mappings().size()) < 20,
                lines.size() + " vs " + maps.mappings().size());
        List<String> executableNames = maps.executableFileMappings().stream()
                .map(MemoryMapping::fileName)
                .toList();
        assertTrue(executableNames.contains("libjvm.so"), executableNames::toString);
        assertTrue(executableNames.stream().anyMatch(n -> n.startsWith("libc.so")), executableNames::toString);
        for (MemoryMapping mapping : maps.mappings()) {
            assertEquals(mapping, maps.find(mapping.start()).orElseThrow());
            assertEquals(mapping, maps.find(mapping.end() - 1).orElseThrow());
        }
    }

    @Test
    void refreshReturnsTheSameInstanceUntilTheFileChanges(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("maps");
        Files.writeString(file, fixture());
        ProcessMaps first = ProcessMaps.read(file);
        assertSame(first, first.refresh());
        Files.writeString(file, fixture() + "7f3a66000000-7f3a66001000 r-xp 00000000 08:01 3000003 /tmp/libnew.so\n");
        ProcessMaps second = first.refresh();
        assertNotSame(first, second);
        assertEquals(16, second.mappings().size());
        assertEquals("libnew.so", second.find(0x7f3a66000000L).orElseThrow().fileName());
    }

    @Test
    void refreshIgnoresAnonymousMemory(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("maps");
        Files.writeString(file, fixture());
        ProcessMaps first = ProcessMaps.read(file);
        Files.writeString(
                file,
                fixture() + "7f3a66000000-7f3a66100000 rw-p 00000000 00:00 0 \n"
                        + "7f3a67000000-7f3a67001000 ---p 00000000 00:00 0 \n"
                        + "7f3a68000000-7f3a68400000 rwxp 00000000 00:00 0 \n");
        assertSame(first, first.refresh(), "new heap, stack or JIT code cache memory is no change of files' code");
        Files.writeString(file, fixture().replace("r-xp", "r--p"));
        assertNotSame(first, first.refresh(), "code unmapped");
    }

    @Test
    void refreshNoticesALibraryLoadedIntoThisJvm() throws Exception {
        Path library = Tools.fixtureLibrary("-O0 -fno-omit-frame-pointer");
        ProcessMaps before = ProcessMaps.ofSelf();
        assertTrue(before.mappings().stream().noneMatch(m -> m.path().equals(library.toString())));
        System.load(library.toString());
        ProcessMaps after = before.refresh();
        assertNotSame(before, after);
        assertTrue(
                after.executableFileMappings().stream().anyMatch(m -> m.path().equals(library.toString())),
                "dlopen'ed fixture appears as an executable mapping");
    }
}
