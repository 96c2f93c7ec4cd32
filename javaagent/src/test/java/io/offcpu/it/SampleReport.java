package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a sample printed about itself (the {@code offcpu-sample ...} lines of {@code SampleRunner}). */
public final class SampleReport {
    private static final Pattern START =
            Pattern.compile("^offcpu-sample start sample=(\\S+) pid=(\\d+) .*$", Pattern.MULTILINE);
    private static final Pattern THREAD =
            Pattern.compile("^offcpu-sample thread=(\\S+) tid=(\\d+)$", Pattern.MULTILINE);
    private static final Pattern DONE = Pattern.compile(
            "^offcpu-sample done thread=(\\S+) blocks=(\\d+) blockedMicros=(\\d+) maxBlockMicros=(\\d+)$",
            Pattern.MULTILINE);

    /** One sample thread's own measurement of the calls of its blocking method (wall time around each call). */
    public record LoopStats(long blocks, long blockedMicros, long maxBlockMicros) {}

    private final String stdout;

    public SampleReport(String stdout) {
        this.stdout = stdout;
    }

    public long pid() {
        Matcher m = START.matcher(stdout);
        if (!m.find()) {
            fail("the sample printed no start line; stdout was:\n" + stdout);
        }
        return Long.parseLong(m.group(2));
    }

    public Map<String, Long> threadIds() {
        Map<String, Long> tids = new HashMap<>();
        Matcher m = THREAD.matcher(stdout);
        while (m.find()) {
            tids.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return tids;
    }

    /** The kernel thread id the sample printed for {@code threadName}. */
    public long threadId(String threadName) {
        Long tid = threadIds().get(threadName);
        if (tid == null) {
            fail("the sample printed no tid for thread " + threadName + "; stdout was:\n" + stdout);
        }
        return tid;
    }

    public Optional<LoopStats> loopStats(String threadName) {
        Matcher m = DONE.matcher(stdout);
        while (m.find()) {
            if (m.group(1).equals(threadName)) {
                return Optional.of(new LoopStats(
                        Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4))));
            }
        }
        return Optional.empty();
    }

    public LoopStats requireLoopStats(String threadName) {
        return loopStats(threadName)
                .orElseGet(() ->
                        fail("the sample printed no done line for thread " + threadName + "; stdout was:\n" + stdout));
    }

    public boolean isReady() {
        return stdout.contains("\noffcpu-sample ready\n") || stdout.startsWith("offcpu-sample ready\n");
    }

    public boolean isFinished() {
        return stdout.contains("offcpu-sample finished\n");
    }
}
