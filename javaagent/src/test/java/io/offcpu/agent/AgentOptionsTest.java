package io.offcpu.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentOptionsTest {
    @Test
    void emptyMeansDefaults() {
        AgentOptions o = AgentOptions.parse("", 42);
        assertEquals(Path.of("offcpu-42.jfr"), o.file());
        assertEquals(10_000_000L, o.samplingNanos(), "duration-weighted sampling at 10 ms by default");
        assertEquals("auto", o.jfrSettings());
        assertEquals(1 << 20, o.ringBufferBytes());
        assertTrue(o.perfMap());
        assertFalse(o.keepPerfMap());
        assertEquals(o, AgentOptions.parse(null, 42));
    }

    @Test
    void everyEpisodeGetsTheLargerRingBufferUnlessOneIsGiven() {
        assertEquals(8 << 20, AgentOptions.parse("threshold=0", 1).ringBufferBytes());
        assertEquals(
                1 << 16, AgentOptions.parse("ringbuffer=64k,threshold=0", 1).ringBufferBytes());
        assertEquals(
                1 << 16, AgentOptions.parse("threshold=0,ringbuffer=64k", 1).ringBufferBytes());
        assertEquals(1 << 20, AgentOptions.parse("threshold=10us", 1).ringBufferBytes());
        assertEquals(1 << 20, AgentOptions.parse("threshold=0,sampling=1ms", 1).ringBufferBytes());
    }

    @Test
    void aThresholdTurnsTheDefaultSamplingOff() {
        AgentOptions threshold = AgentOptions.parse("threshold=1ms", 1);
        assertEquals(0, threshold.samplingNanos());
        assertEquals(1_000_000L, threshold.thresholdNanos());
        AgentOptions off = AgentOptions.parse("sampling=0", 1);
        assertEquals(0, off.samplingNanos());
        assertEquals(1_000_000L, off.thresholdNanos(), "sampling=0 records every episode of 1 ms");
        assertEquals(
                2_000_000L, AgentOptions.parse("threshold=1ms,sampling=2ms", 1).samplingNanos());
    }

    @Test
    void parsesEveryKey() {
        AgentOptions o = AgentOptions.parse(
                "file=/tmp/a.jfr, threshold=250us,jfr=none,flush=10s,ringbuffer=16m,perfmap=true,keepperfmap=yes", 1);
        assertEquals(Path.of("/tmp/a.jfr"), o.file());
        assertEquals(250_000L, o.thresholdNanos());
        assertNull(o.jfrSettings());
        assertEquals(10_000_000_000L, o.flushNanos());
        assertEquals(16 << 20, o.ringBufferBytes());
        assertTrue(o.keepPerfMap());
        assertEquals(0, o.cpuIntervalNanos());
        assertEquals(10_000_000L, AgentOptions.parse("cpu=10ms", 1).cpuIntervalNanos());
    }

    @ParameterizedTest
    @CsvSource({"0,0", "1ms,1000000", "1.5ms,1500000", "20us,20000", "2s,2000000000", "1m,60000000000", "700ns,700"})
    void thresholds(String text, long nanos) {
        assertEquals(nanos, AgentOptions.parse("threshold=" + text, 1).thresholdNanos());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "colour=red|unknown option 'colour'; accepted: file, threshold, sampling, jfr, flush, ringbuffer, perfmap, keepperfmap, cpu",
                "threshold=fast|bad duration 'fast' for threshold: use a number with ns, us, ms, s, m or h",
                "threshold=5|bad duration '5' for threshold: use a number with ns, us, ms, s, m or h",
                "jfr=loud|bad value 'loud' for jfr: expected auto, default, profile, none or a path to a .jfc file",
                "ringbuffer=3m|bad value '3m' for ringbuffer: expected a power of two from 64k to 1024m, such as 8m",
                "flush=100ms|bad value '100ms' for flush: expected at least 1s",
                "perfmap=maybe|bad value 'maybe' for perfmap: expected true or false",
                "threshold|bad option 'threshold': expected key=value with a key among file, threshold, sampling, jfr, flush, ringbuffer, perfmap, keepperfmap, cpu",
                "file=a.jfr,file=b.jfr|option 'file' given twice",
            })
    void badInputNamesTheValueAndWhatIsAccepted(String text, String message) {
        OptionException e = assertThrows(OptionException.class, () -> AgentOptions.parse(text, 1));
        assertEquals(message, e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void samplingTakesAPeriodUpToFourSeconds() {
        org.junit.jupiter.api.Assertions.assertEquals(
                5_000_000L, AgentOptions.parse("sampling=5ms", 1).samplingNanos());
        OptionException e = org.junit.jupiter.api.Assertions.assertThrows(
                OptionException.class, () -> AgentOptions.parse("sampling=5s", 1));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("sampling"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertEquals(
                io.offcpu.jni.KernelContract.MAX_SAMPLING_NS,
                AgentOptions.parse("sampling=4294967296ns", 1).samplingNanos(),
                "the kernel side's longest period");
        org.junit.jupiter.api.Assertions.assertThrows(
                OptionException.class, () -> AgentOptions.parse("sampling=4294967297ns", 1));
    }
}
