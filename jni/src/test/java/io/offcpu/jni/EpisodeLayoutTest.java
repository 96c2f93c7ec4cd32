package io.offcpu.jni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Java decoder and bpf/offcpu.h agree on every offset (the C side reports offsetof()). */
class EpisodeLayoutTest {
    @BeforeAll
    static void loadLibrary() {
        System.setProperty(NativeLibrary.PATH_PROPERTY, "target/classes/native/linux-x86_64/liboffcpu.so");
        NativeLibrary.load();
    }

    @Test
    void offsetsMatchTheNativeStruct() {
        assertArrayEquals(EpisodeLayout.expected(), OffCpuBpf.episodeLayout());
    }

    @Test
    void abiVersionsMatch() {
        assertEquals(EpisodeLayout.ABI_VERSION, OffCpuBpf.abiVersion());
    }
}
