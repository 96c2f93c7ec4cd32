package io.offcpu.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole files read into the kept buffer, whatever their size, with the hash of their bytes. */
class ProcFileBufferTest {
    @TempDir
    Path dir;

    @Test
    void aFileLargerThanTheBufferIsReadWhole() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 300_000; i++) {
            text.append(Long.toHexString(0x7f00_0000_0000L + i * 4096L)).append(" rw-p 00000000 00:00 0\n");
        }
        Path file = Files.writeString(dir.resolve("maps"), text);
        ProcFileBuffer buffer = new ProcFileBuffer();
        buffer.read(file);
        assertEquals(text.toString(), buffer.text());
        assertEquals(text.length(), buffer.length());
    }

    @Test
    void aShorterReadReplacesTheLongerOne() throws Exception {
        ProcFileBuffer buffer = new ProcFileBuffer();
        buffer.read(Files.writeString(dir.resolve("long"), "x".repeat(100_000)));
        Path shorter = Files.writeString(
                dir.resolve("short"), "00400000-00452000 r-xp 00000000 08:02 173521 /usr/bin/dbus-daemon\n");
        buffer.read(shorter);
        assertEquals(Files.readString(shorter), buffer.text());
    }

    @Test
    void theMapsOfThisProcessReadAsTheJdkReadsThem() throws Exception {
        ProcFileBuffer buffer = new ProcFileBuffer();
        buffer.read(Path.of("/proc/self/maps"));
        // The maps change as this JVM runs; their first line (the launcher's text) does not.
        String first = new String(Files.readAllBytes(Path.of("/proc/self/maps")), StandardCharsets.UTF_8)
                .lines()
                .findFirst()
                .orElseThrow();
        assertEquals(first, buffer.text().lines().findFirst().orElseThrow());
    }
}
