package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.offcpu.samples.SleepSample;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way attaching fails that this machine can produce gets its own message. */
class AttachErrorsIT {
    private static final List<String> AS_NOBODY =
            List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--inh-caps=-all");

    @Test
    void noSuchPid(@TempDir Path dir) throws Exception {
        assertError(OffCpuCli.run(dir, "attach", "99999999"), "offcpu attach: no process with pid 99999999");
    }

    @Test
    void badPid(@TempDir Path dir) throws Exception {
        assertError(
                OffCpuCli.run(dir, "stop", "twelve"),
                "offcpu stop: bad pid 'twelve': expected a process id such as 12345 (see offcpu list)");
    }

    @Test
    void notAJvm(@TempDir Path dir) throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            assertError(
                    OffCpuCli.run(dir, "attach", sleep.pid()),
                    "offcpu attach: pid " + sleep.pid() + " is not a HotSpot JVM (/usr/bin/sleep)");
        } finally {
            sleep.destroyForcibly();
        }
    }

    @Test
    void attachDisabled(@TempDir Path dir) throws Exception {
        SampleProcess target = SampleLaunch.of(TestJdk.JDK_17, SleepSample.class, dir, "60s")
                .withJvmOptions("-XX:+DisableAttachMechanism")
                .start();
        try {
            target.awaitReady(Duration.ofSeconds(30));
            assertError(
                    OffCpuCli.run(dir, "attach", target.pid()),
                    "offcpu attach: pid " + target.pid()
                            + " runs with -XX:+DisableAttachMechanism: restart it without, or start offcpu with -javaagent");
        } finally {
            target.kill();
        }
    }

    @Test
    void anotherUsersJvm(@TempDir Path dir) throws Exception {
        BpfPrecondition.assumeBpfAvailable(); // root, to run the CLI as another user
        SampleProcess target =
                SampleLaunch.of(TestJdk.JDK_17, SleepSample.class, dir, "60s").start();
        try {
            target.awaitReady(Duration.ofSeconds(30));
            dir.toFile().setWritable(true, false);
            OffCpuCli.Result result = OffCpuCli.runAs(AS_NOBODY, dir, "attach", target.pid());
            assertError(
                    result,
                    "offcpu attach: pid " + target.pid() + " belongs to uid 0, not to you (uid 65534):"
                            + " run offcpu as that user or as root");
        } finally {
            target.kill();
        }
    }

    @Test
    void targetWithoutEbpfPrivilegesAnswersWithItsOwnError(@TempDir Path dir) throws Exception {
        BpfPrecondition.assumeBpfAvailable();
        dir.toFile().setWritable(true, false);
        dir.toFile().setExecutable(true, false);
        SampleProcess target = SampleLaunch.of(TestJdk.JDK_17, SleepSample.class, dir, "60s")
                .asUnprivilegedUser()
                .start();
        try {
            target.awaitReady(Duration.ofSeconds(30));
            assertError(
                    OffCpuCli.run(dir, "attach", target.pid(), "--file", dir.resolve("x.jfr")),
                    "offcpu attach: pid " + target.pid() + ": cannot load BPF programs: Operation not permitted"
                            + " - run as root or grant CAP_BPF,CAP_PERFMON");
        } finally {
            target.kill();
        }
    }

    private static void assertError(OffCpuCli.Result result, String message) {
        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(message, result.stderr().strip(), result::toString);
    }
}
