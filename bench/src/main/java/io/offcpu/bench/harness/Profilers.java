package io.offcpu.bench.harness;

import io.offcpu.bench.harness.Configuration.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The configurations a benchmark compares: no agent; offcpu (the {@code --agent} jar, and the
 * {@code --baseline-agent} jar when given) with each option set; the peers users would pick instead, JFR
 * and async-profiler in wall-clock mode. Every recording goes to a file under the work directory.
 */
public final class Profilers {
    private final CommonOptions options;

    public Profilers(CommonOptions options) throws IOException {
        this.options = options;
        Files.createDirectories(options.work);
    }

    public Configuration noAgent() {
        return new Configuration("no-agent", Kind.NO_AGENT, List.of());
    }

    /**
     * offcpu with each option set ({@code ""} is the defaults; a set without {@code file=} gets a file
     * under the work directory), for the agent jar and then the baseline jar.
     */
    public List<Configuration> offcpu(List<String> optionSets) {
        List<Configuration> configurations = new ArrayList<>();
        configurations.addAll(offcpu("offcpu", options.agentJar, optionSets));
        if (options.baselineAgentJar != null) {
            configurations.addAll(offcpu("offcpu-before", options.baselineAgentJar, optionSets));
        }
        return configurations;
    }

    private List<Configuration> offcpu(String label, Path jar, List<String> optionSets) {
        List<Configuration> configurations = new ArrayList<>();
        for (String set : optionSets) {
            String name = set.isEmpty() ? label : label + ":" + set;
            String agentOptions = set;
            if (!set.contains("file=")) {
                String file =
                        "file=" + options.work.resolve(fileName(name) + ".jfr").toAbsolutePath();
                agentOptions = set.isEmpty() ? file : file + "," + set;
            }
            configurations.add(new Configuration(
                    name, Kind.OFFCPU, List.of("-javaagent:" + jar.toAbsolutePath() + "=" + agentOptions)));
        }
        return configurations;
    }

    /** A JFR recording from the start, with the given settings ({@code profile}), or JFR's defaults (null). */
    public Configuration jfr(String settings) {
        String name = settings == null ? "jfr" : "jfr-" + settings;
        String recording = "-XX:StartFlightRecording=" + (settings == null ? "" : "settings=" + settings + ",")
                + "dumponexit=true,filename="
                + options.work.resolve(name + ".jfr").toAbsolutePath();
        return new Configuration(name, Kind.JFR, List.of(recording));
    }

    /** async-profiler in wall-clock mode at its default interval, or null (with a line why) when not found. */
    public Configuration asyncProfilerWall() throws IOException {
        if ("none".equals(options.asyncProfiler)) {
            return null;
        }
        Path library = AsyncProfilerLibrary.find(options.asyncProfiler, options.work);
        if (library == null) {
            System.out.println("async-profiler not found (tools.profiler:async-profiler "
                    + String.join(" or ", AsyncProfilerLibrary.VERSIONS) + " in ~/.m2): its peer is left out;"
                    + " pass --async-profiler <libasyncProfiler.so or jar>");
            return null;
        }
        String file =
                options.work.resolve("async-profiler-wall.jfr").toAbsolutePath().toString();
        return new Configuration(
                "async-profiler-wall",
                Kind.ASYNC_PROFILER,
                List.of("-agentpath:" + library.toAbsolutePath() + "=start,event=wall,file=" + file));
    }

    /** The peers when {@code --peers yes}: JFR with {@code jfrSettings}, and async-profiler wall if found. */
    public List<Configuration> peers(String jfrSettings) throws IOException {
        List<Configuration> peers = new ArrayList<>();
        if (options.peers) {
            peers.add(jfr(jfrSettings));
            Configuration asyncProfiler = asyncProfilerWall();
            if (asyncProfiler != null) {
                peers.add(asyncProfiler);
            }
        }
        return peers;
    }

    private static String fileName(String configurationName) {
        return configurationName.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
