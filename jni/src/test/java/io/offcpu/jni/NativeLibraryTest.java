package io.offcpu.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryTest {
    @Test
    void namesTakenByAnotherUserAreSkippedNeverFollowed(@TempDir Path tmp) throws Exception {
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        // The first two names the clock will give: a planted symlink and a planted file.
        Files.createSymbolicLink(tmp.resolve("offcpu-1-" + Long.toString(100, 36)), elsewhere);
        Files.createFile(tmp.resolve("offcpu-1-" + Long.toString(101, 36)));
        AtomicLong clock = new AtomicLong(100);

        Path dir = NativeLibrary.privateDirectory(tmp, "offcpu-1-", clock::getAndIncrement);

        assertEquals(tmp.resolve("offcpu-1-" + Long.toString(102, 36)), dir);
        assertTrue(Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        try (var planted = Files.list(elsewhere)) {
            assertFalse(planted.findAny().isPresent(), "nothing may be created through the symlink");
        }
    }

    @Test
    void aNameGuessedEveryTimeEndsInARandomOne(@TempDir Path tmp) throws Exception {
        Files.createDirectory(tmp.resolve("offcpu-2-" + Long.toString(7, 36)));
        Path dir = NativeLibrary.privateDirectory(tmp, "offcpu-2-", () -> 7);
        assertTrue(dir.getFileName().toString().startsWith("offcpu-2-"));
        assertTrue(Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }
}
