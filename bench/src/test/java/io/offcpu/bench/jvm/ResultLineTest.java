package io.offcpu.bench.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultLineTest {
    @Test
    void formatAndParseRoundTrip() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("uptimeMs", 123);
        values.put("port", 40123);
        String line = ResultLine.format("main", values);
        assertEquals("offcpu-bench main uptimeMs=123 port=40123", line);
        ResultLine parsed = ResultLine.parse(line).orElseThrow();
        assertEquals("main", parsed.kind());
        assertEquals(40123, parsed.number("port"));
    }

    @Test
    void theHandoffLineHasNoKind() {
        ResultLine line = ResultLine.parse("offcpu-bench handoffsPerSecond=417846.5 seconds=5.0")
                .orElseThrow();
        assertEquals("", line.kind());
        assertEquals(417846.5, line.number("handoffsPerSecond"));
    }

    @Test
    void otherOutputIsNoResultAndAMissingFigureIsNamed() {
        assertTrue(ResultLine.parse("hello, world").isEmpty());
        assertTrue(ResultLine.parse("offcpu: recording to /tmp/x.jfr").isEmpty());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ResultLine.parse("offcpu-bench snapshot uptimeMs=1")
                        .orElseThrow()
                        .number("heapCommittedBytes"));
        assertTrue(e.getMessage().contains("no heapCommittedBytes="), e.getMessage());
    }
}
