package io.offcpu.bench.startup;

import io.offcpu.bench.http.HttpServerWorkload;
import java.util.List;

/** What the start-up benchmark starts: the hello-world main or the HTTP server (under wrk during the hold). */
enum Workload {
    HELLO(HelloWorld.class),
    HTTP(HttpServerWorkload.class);

    final Class<?> mainClass;

    Workload(Class<?> mainClass) {
        this.mainClass = mainClass;
    }

    static List<Workload> parse(String value) {
        return switch (value) {
            case "hello" -> List.of(HELLO);
            case "http" -> List.of(HTTP);
            case "both" -> List.of(HELLO, HTTP);
            default ->
                throw new IllegalArgumentException("bad --workload '" + value + "': expected hello, http or both");
        };
    }

    String label() {
        return name().toLowerCase();
    }
}
