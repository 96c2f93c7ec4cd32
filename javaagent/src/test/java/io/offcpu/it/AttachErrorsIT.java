package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.offcpu.samples.SleepSample;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
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

    /** A SIGKILLed JVM's socket, found again when its pid comes round: we remove it as HotSpot would. */
    @Test
    void staleAttachSocketOfAnEarlierProcessIsRemoved(@TempDir Path dir) throws Exception {
        SampleProcess target =
                SampleLaunch.of(TestJdk.JDK_17, SleepSample.class, dir, "60s").start();
        try {
            target.awaitReady(Duration.ofSeconds(30));
            Path socket = plantStaleAttachSocket(target.pid());
            OffCpuCli.Result status = OffCpuCli.run(dir, "status", target.pid());
            assertEquals(0, status.exitCode(), status::toString);
            assertEquals(
                    "pid " + target.pid() + ": not recording", status.stdout().strip(), status::toString);
            assertTrue(
                    Files.getLastModifiedTime(socket, LinkOption.NOFOLLOW_LINKS)
                            .toInstant()
                            .isAfter(processStart(target.pid())),
                    "the JVM's own attach socket replaced the stale one");
        } finally {
            target.kill();
        }
    }

    /** Left by a root JVM, found by a JVM of nobody's (which cannot remove it from sticky /tmp). */
    @Test
    void staleAttachSocketThatCannotBeRemovedIsNamed(@TempDir Path dir) throws Exception {
        BpfPrecondition.assumeBpfAvailable(); // root, to plant root's socket and run the CLI as nobody
        dir.toFile().setWritable(true, false);
        dir.toFile().setExecutable(true, false);
        SampleProcess target = SampleLaunch.of(TestJdk.JDK_17, SleepSample.class, dir, "60s")
                .asUnprivilegedUser()
                .start();
        Path socket = null;
        try {
            target.awaitReady(Duration.ofSeconds(30));
            socket = plantStaleAttachSocket(target.pid());
            assertError(
                    OffCpuCli.runAs(AS_NOBODY, dir, "status", target.pid()),
                    "offcpu status: cannot attach to pid " + target.pid() + ": " + socket
                            + " is the attach socket of an earlier process with the same pid (owned by root) and"
                            + " cannot be removed (Operation not permitted): remove it as its owner or as root");
        } finally {
            target.kill();
            if (socket != null) {
                Files.deleteIfExists(socket);
            }
        }
    }

    /**
     * A socket file where the target's attach socket goes, bound and closed (as a killed JVM leaves it),
     * dated before the target started.
     */
    private static Path plantStaleAttachSocket(long pid) throws IOException {
        Path socket = Path.of("/tmp", ".java_pid" + pid);
        Files.deleteIfExists(socket);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
        }
        Files.setLastModifiedTime(socket, FileTime.from(processStart(pid).minus(Duration.ofHours(1))));
        return socket;
    }

    private static Instant processStart(long pid) {
        return ProcessHandle.of(pid).orElseThrow().info().startInstant().orElseThrow();
    }

    private static void assertError(OffCpuCli.Result result, String message) {
        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(message, result.stderr().strip(), result::toString);
    }
}
