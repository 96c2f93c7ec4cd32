package io.offcpu.bench.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WrkResultTest {
    /** wrk 4.1.0's report with --latency (Debian's package), trimmed of nothing. */
    private static final String REPORT = """
            Running 8s test @ http://127.0.0.1:40111/
              1 threads and 32 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     2.31ms    1.02ms  31.75ms   89.12%
                Req/Sec    13.92k     1.01k   15.43k    80.00%
              Latency Distribution
                 50%    2.14ms
                 75%    2.52ms
                 90%    3.12ms
                 99%    6.91ms
              110781 requests in 8.00s, 9.40MB read
            Requests/sec:  13845.51
            Transfer/sec:      1.17MB
            """;

    @Test
    void requestsPerSecondAndP99InMilliseconds() {
        WrkResult result = WrkResult.parse(REPORT);
        assertEquals(13845.51, result.requestsPerSecond(), 1e-9);
        assertEquals(6.91, result.p99Ms(), 1e-9);
        assertEquals(0, result.socketErrors());
    }

    @Test
    void latencyUnitsAndSocketErrors() {
        assertEquals(
                0.823, WrkResult.parse(REPORT.replace("6.91ms", "823.00us")).p99Ms(), 1e-9);
        assertEquals(1020, WrkResult.parse(REPORT.replace("6.91ms", "1.02s")).p99Ms(), 1e-9);
        String errors = REPORT.replace(
                "Requests/sec:", "  Socket errors: connect 0, read 3, write 0, timeout 12\nRequests/sec:");
        assertEquals(15, WrkResult.parse(errors).socketErrors());
    }

    @Test
    void aReportWithoutLatencyDistributionSaysSo() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> WrkResult.parse(REPORT.replace("     99%    6.91ms\n", "")));
        assertTrue(e.getMessage().startsWith("no 'Requests/sec:' or '99%' line"), e.getMessage());
    }

    @Test
    void agentThreadBytesByName() {
        assertEquals(
                Map.of("offcpu-consumer", 1200L, "offcpu-codemap", 34L),
                AgentThreads.parse("offcpu-consumer:1200,offcpu-codemap:34"));
        assertEquals(Map.of(), AgentThreads.parse("-"));
    }
}
