package io.offcpu.bench.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a {@code wrk --latency} run measured: requests per second and the 99th percentile of latency. */
public record WrkResult(double requestsPerSecond, double p99Ms, long socketErrors) {
    private static final Pattern REQUESTS = Pattern.compile("^Requests/sec:\\s+([0-9.]+)", Pattern.MULTILINE);
    private static final Pattern P99 =
            Pattern.compile("^\\s*99(?:\\.000)?%\\s+([0-9.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE);
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    /** Parses wrk's report; fails naming what is missing (wrk without {@code --latency} has no 99% line). */
    public static WrkResult parse(String output) {
        Matcher requests = REQUESTS.matcher(output);
        Matcher p99 = P99.matcher(output);
        if (!requests.find() || !p99.find()) {
            throw new IllegalArgumentException("no 'Requests/sec:' or '99%' line in wrk's output:\n" + output);
        }
        double value = Double.parseDouble(p99.group(1));
        double p99Ms = switch (p99.group(2)) {
            case "us" -> value / 1000;
            case "ms" -> value;
            case "s" -> value * 1000;
            default -> value * 60_000;
        };
        long errors = 0;
        Matcher socketErrors = SOCKET_ERRORS.matcher(output);
        if (socketErrors.find()) {
            for (int i = 1; i <= 4; i++) {
                errors += Long.parseLong(socketErrors.group(i));
            }
        }
        return new WrkResult(Double.parseDouble(requests.group(1)), p99Ms, errors);
    }
}
