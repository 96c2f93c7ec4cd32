package io.offcpu.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The C hash covers exactly the lines of files mapped with x permission: this JVM's own maps file is the
 * input, and the oracle is the same lines picked out by Java string handling (proc(5): the perms are the
 * second field, the path the sixth, and only a path holds a '/').
 */
class MapsCodeHashTest {
    private static final String LIB = "7f0000001000-7f0000002000 r-xp 00001000 08:01 1234   /usr/lib/libc.so.6\n";
    private static final String HEAP = "7f0000010000-7f0000020000 rw-p 00000000 00:00 0 \n";

    @Test
    void equalsJavasHashOfTheCodeLinesOfThisJvmsMaps() throws IOException {
        byte[] maps = Files.readAllBytes(Path.of("/proc/self/maps"));
        int expected = 1;
        for (String line : new String(maps, StandardCharsets.UTF_8).split("\n")) {
            String[] fields = line.trim().split(" +", 6);
            if (fields.length == 6 && fields[1].charAt(2) == 'x' && fields[5].contains("/")) {
                for (byte b : (line + "\n").getBytes(StandardCharsets.UTF_8)) {
                    expected = 31 * expected + b;
                }
            }
        }
        assertEquals(expected, MapsCodeHash.of(maps, maps.length));
    }

    @Test
    void anonymousMemoryAndDataMappingsDoNotChangeIt() {
        String withHeap = LIB + HEAP + "7f0000030000-7f0000031000 rw-p 00000000 08:01 1234   /usr/lib/libc.so.6\n";
        assertEquals(hash(LIB), hash(withHeap));
        assertEquals(hash(LIB), hash(LIB + "7f0000040000-7f0000041000 r-xp 00000000 00:00 0 \n"));
    }

    @Test
    void aLibraryMappedOrMovedChangesIt() {
        assertNotEquals(hash(LIB), hash(LIB + LIB.replace("1234", "99")));
        assertNotEquals(hash(LIB), hash(LIB.replace("7f0000001000", "7f0000005000")));
        assertNotEquals(hash(LIB), hash(LIB.replace("/usr/lib/libc", "/usr/lib/libé")), "bytes above 0x7f count");
    }

    @Test
    void onlyTheGivenLengthCounts() {
        byte[] two = (LIB + LIB.replace("libc", "libm")).getBytes(StandardCharsets.UTF_8);
        assertEquals(hash(LIB), MapsCodeHash.of(two, LIB.length()));
    }

    private static int hash(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return MapsCodeHash.of(bytes, bytes.length);
    }
}
