package io.offcpu.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CurrentProcessTest {
    @Test
    void isTheJdksIdOfThisProcess() {
        assertEquals(ProcessHandle.current().pid(), CurrentProcess.pid());
    }
}
