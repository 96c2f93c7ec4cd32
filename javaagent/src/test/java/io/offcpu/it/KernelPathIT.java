package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the kernel expectations of {@link BlockingExpectation} against this machine's kernel, without the
 * agent: while a sample runs, its thread's kernel stack ({@code /proc/<pid>/task/<tid>/stack}) and syscall
 * ({@code .../syscall}) are read many times; some reading must show an expected kernel function together
 * with an expected syscall. If a kernel renames its functions this fails here, with what it saw, instead
 * of as a puzzling agent failure. Reading another process's kernel stack needs root.
 */
class KernelPathIT {
    private static final Duration OBSERVE = Duration.ofSeconds(2);

    static Stream<Arguments> jdksAndSamples() {
        return Stream.of(TestJdk.values())
                .flatMap(jdk -> Stream.of(BlockingExpectation.values()).map(sample -> Arguments.of(jdk, sample)));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("jdksAndSamples")
    void sampleBlocksInTheExpectedKernelPath(TestJdk jdk, BlockingExpectation expected, @TempDir Path workDirectory)
            throws Exception {
        assumeTrue(LinuxSyscalls.isX86_64(), "syscall numbers are known for x86_64 only");
        SampleProcess sample = SampleLaunch.of(jdk, expected.sampleClass(), workDirectory, "4s")
                .start();
        SampleReport report = sample.awaitReady(Duration.ofSeconds(30));
        Path task = Path.of(
                "/proc", Long.toString(sample.pid()), "task", Long.toString(report.threadId(expected.threadName())));
        assumeTrue(
                Files.isReadable(task.resolve("stack")) && canRead(task.resolve("stack")),
                "cannot read " + task.resolve("stack") + " (needs root)");

        Map<String, Integer> seen = new TreeMap<>();
        boolean found = false;
        long until = System.nanoTime() + OBSERVE.toNanos();
        while (!found && System.nanoTime() - until < 0) {
            String syscall = readSyscall(task);
            List<String> functions = readKernelStack(task);
            if (!functions.isEmpty()) {
                seen.merge(syscall + ": " + String.join(" < ", functions), 1, Integer::sum);
            }
            found = syscallMatches(expected, syscall)
                    && functions.stream().anyMatch(expected.kernelFunctions()::contains);
        }
        sample.awaitExit(Duration.ofSeconds(60)).requireSuccess();
        assertTrue(
                found,
                () -> "thread " + expected.threadName() + " was never seen in syscall one of "
                        + expected.syscalls() + " with a kernel function one of " + expected.kernelFunctions()
                        + "; readings (count: syscall: stack):\n" + seen);
    }

    /**
     * Whether a reading of {@code .../syscall} fits the expectation. Outside any syscall the file says -1
     * ("none") for a blocked thread, and "running" for a runnable one: a preempted thread is runnable.
     */
    private static boolean syscallMatches(BlockingExpectation expected, String syscall) {
        boolean outsideSyscalls = syscall.equals("none") || syscall.equals("running");
        return expected.syscalls().contains(syscall)
                || (outsideSyscalls && expected.syscalls().contains(BlockingExpectation.Syscalls.NONE));
    }

    private static boolean canRead(Path file) {
        try {
            Files.readAllBytes(file);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Function names of {@code /proc/.../stack} lines such as {@code [<0>] futex_do_wait+0x4c/0x80}. */
    private static List<String> readKernelStack(Path task) {
        try {
            return Files.readAllLines(task.resolve("stack")).stream()
                    .map(line -> line.substring(line.indexOf(']') + 1).trim())
                    .map(frame -> frame.contains("+") ? frame.substring(0, frame.indexOf('+')) : frame)
                    .filter(name -> !name.isEmpty())
                    .toList();
        } catch (IOException e) {
            return List.of(); // the thread or process has ended
        }
    }

    /** The syscall the thread is blocked in, "running" when it is on a CPU, "none" when it is in user space. */
    private static String readSyscall(Path task) {
        try {
            String[] fields = Files.readString(task.resolve("syscall")).trim().split(" ");
            if (fields[0].equals("running")) {
                return "running";
            }
            int number = Integer.parseInt(fields[0]);
            return number < 0 ? "none" : LinuxSyscalls.name(number);
        } catch (IOException | RuntimeException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }
}
