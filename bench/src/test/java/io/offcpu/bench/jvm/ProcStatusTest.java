package io.offcpu.bench.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcStatusTest {
    @Test
    void readsResidentAndPeakResidentKb() {
        String status = "Name:\tjava\nUmask:\t0022\nVmPeak:\t 5012345 kB\nVmHWM:\t   91236 kB\nVmRSS:\t   87012 kB\n"
                + "RssAnon:\t   70000 kB\nThreads:\t21\n";
        assertEquals(new ProcStatus(87012, 91236), ProcStatus.parse(status));
        assertEquals(85.0, new ProcStatus(87040, 0).rssMb(), 1e-9);
    }

    @Test
    void aMissingLineIsNamed() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ProcStatus.parse("Name:\tkthreadd\nVmHWM:\t 1 kB\n"));
        assertTrue(e.getMessage().contains("VmRSS:"), e.getMessage());
    }

    @Test
    void thisProcessIsResident() throws Exception {
        ProcStatus self = ProcStatus.read(ProcessHandle.current().pid());
        assertTrue(self.rssKb() > 1024 && self.hwmKb() >= self.rssKb(), self.toString());
    }
}
