package io.offcpu.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.offcpu.jni.OffCpuBpf;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kernel's verifier checks every BPF program as the agent loads it, in the profiled JVM, and charges it
 * that JVM's system time: ~0.5 s at start-up when the user-stack walk was inlined into each program's
 * 128-frame loop (196,650 instructions processed for sched_switch on Linux 6.18), ~0.08 s since it is made
 * of global functions checked once per program (18,676). The kernel's own count of what it processed
 * (bpf_prog_info's verified_insns) is the oracle: a change that brings the walk's cost back (an inlined
 * call site, a loop the verifier must unroll) fails here rather than in a start-up benchmark nobody ran
 * (docs/ARCHITECTURE.md, "What the verifier costs"; bench/verifier-cost.sh prints the figures).
 */
class VerifierCostIT {
    /** About twice what the walking programs take now, a fifth of what the inlined walk took. */
    private static final long MAX_VERIFIED_INSTRUCTIONS = 40_000;

    private static final List<String> WALKING_HOOKS = List.of("offcpu_switch", "offcpu_waking", "offcpu_sys_exit");

    @Test
    void theProgramsThatWalkUserStacksStayCheapToVerify() {
        BpfPrecondition.assumeBpfAvailable();
        try (OffCpuBpf bpf = OffCpuBpf.open((int) ProcessHandle.current().pid(), 1_000_000L, 1 << 20)) {
            String suffix = bpf.attachMode().equals("tp_btf") ? "_btf" : "_raw";
            for (String hook : WALKING_HOOKS) {
                String program = hook + suffix;
                long instructions = bpf.verifiedInstructions(program);
                assertTrue(instructions >= 0, program + " was not loaded");
                assumeTrue(instructions > 0, "this kernel does not report verified_insns (Linux 5.16+ does)");
                assertTrue(
                        instructions <= MAX_VERIFIED_INSTRUCTIONS,
                        program + ": the verifier processed " + instructions + " instructions, more than "
                                + MAX_VERIFIED_INSTRUCTIONS + " (see docs/ARCHITECTURE.md, What the verifier costs)");
            }
        }
    }
}
