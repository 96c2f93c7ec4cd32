package io.offcpu.symbols;

import io.offcpu.jni.KernelContract;

/**
 * The register the canonical frame address is computed from, with the code the BPF walker reads
 * ({@code cfa_register} in the encoded row).
 */
public enum CfaRegister {
    RSP(KernelContract.CFA_RSP),
    RBP(KernelContract.CFA_RBP),
    /** The CFA is not a register plus offset here (an expression, another register, no CFI): stop unwinding. */
    UNDEFINED(KernelContract.CFA_UNDEFINED);

    private final int code;

    CfaRegister(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The register of {@code code}, as the BPF walker reads it. */
    public static CfaRegister of(int code) {
        for (CfaRegister register : values()) {
            if (register.code == code) {
                return register;
            }
        }
        throw new IllegalArgumentException("cfa_register " + code + "; " + RSP.code + " (RSP), " + RBP.code
                + " (RBP) or " + UNDEFINED.code + " (UNDEFINED) expected");
    }
}
