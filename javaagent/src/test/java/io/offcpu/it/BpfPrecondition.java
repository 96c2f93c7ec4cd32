package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether this machine can load the agent's BPF programs. Tests that need eBPF skip with the reason when it
 * cannot, unless {@code OFFCPU_REQUIRE_BPF=1} is set: then they fail, so a CI machine that should run them
 * cannot silently skip them.
 */
public final class BpfPrecondition {
    public static final String REQUIRE_BPF_VARIABLE = "OFFCPU_REQUIRE_BPF";
    private static final Path KERNEL_BTF = Path.of("/sys/kernel/btf/vmlinux");
    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_PERFMON = 38;
    private static final int CAP_BPF = 39;

    private BpfPrecondition() {}

    public static void assumeBpfAvailable() {
        Optional<String> missing = missingRequirement();
        if (missing.isEmpty()) {
            return;
        }
        String reason = "eBPF is not available: " + missing.get();
        if ("1".equals(System.getenv(REQUIRE_BPF_VARIABLE))) {
            fail(reason + " (and " + REQUIRE_BPF_VARIABLE + "=1 asks for these tests to run)");
        }
        assumeTrue(false, reason + "; set " + REQUIRE_BPF_VARIABLE + "=1 to make this a failure");
    }

    /** What is missing, or empty when the kernel has BTF and we hold the capabilities to load BPF. */
    static Optional<String> missingRequirement() {
        if (!Files.isReadable(KERNEL_BTF)) {
            return Optional.of(KERNEL_BTF + " is missing: the kernel lacks BTF (CONFIG_DEBUG_INFO_BTF), "
                    + "which the agent's CO-RE programs need");
        }
        BigInteger effective = effectiveCapabilities();
        boolean canLoad =
                effective.testBit(CAP_SYS_ADMIN) || (effective.testBit(CAP_BPF) && effective.testBit(CAP_PERFMON));
        if (!canLoad) {
            return Optional.of("the test JVM lacks CAP_SYS_ADMIN or CAP_BPF+CAP_PERFMON (CapEff=0x"
                    + effective.toString(16) + "): run as root");
        }
        return Optional.empty();
    }

    private static BigInteger effectiveCapabilities() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("CapEff:"))
                    .map(line ->
                            new BigInteger(line.substring("CapEff:".length()).trim(), 16))
                    .findFirst()
                    .orElse(BigInteger.ZERO);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/status", e);
        }
    }
}
