package io.offcpu.bench.http;

import io.offcpu.bench.jvm.CpuPinning;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Debian's {@code wrk} load generator, pinned to its own CPUs: {@code wrk -t<n> -c<n> -d<s> --latency}. */
public final class Wrk {
    private final Path wrk;
    private final String cpus;
    private final int threads;
    private final int connections;

    private Wrk(Path wrk, String cpus, int threads, int connections) {
        this.wrk = wrk;
        this.cpus = cpus;
        this.threads = threads;
        this.connections = connections;
    }

    /** wrk from the PATH; fails saying how to install it. */
    public static Wrk find(String cpus, int threads, int connections) throws IOException {
        Path wrk = CpuPinning.findOnPath("wrk");
        if (wrk == null) {
            throw new IOException("wrk is not on the PATH: install it (apt-get install -y wrk; the bench scripts"
                    + " do it when missing)");
        }
        return new Wrk(wrk, cpus, threads, connections);
    }

    List<String> command(int port, long seconds) {
        List<String> command = new ArrayList<>(CpuPinning.prefix(cpus));
        command.addAll(List.of(
                wrk.toString(),
                "-t" + threads,
                "-c" + connections,
                "-d" + seconds + "s",
                "--latency",
                "http://127.0.0.1:" + port + "/"));
        return command;
    }

    /** Loads the server for {@code seconds} (whole seconds, as wrk takes them) and returns what it measured. */
    public WrkResult run(int port, long seconds) throws IOException, InterruptedException {
        List<String> command = command(port, seconds);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("wrk failed (exit status " + process.exitValue() + "): " + String.join(" ", command)
                    + "\n" + output);
        }
        return WrkResult.parse(output);
    }

    public String describe() {
        return String.join(" ", command(0, 0)).replace(" -d0s", " -d<s>").replace(":0/", ":<port>/");
    }
}
