package io.offcpu.symbols;

/**
 * The register the canonical frame address is computed from, with the code the BPF walker reads
 * ({@code cfa_register} in the encoded row).
 */
public enum CfaRegister {
    RSP(0),
    RBP(1),
    /** The CFA is not a register plus offset here (an expression, another register, no CFI): stop unwinding. */
    UNDEFINED(2);

    private final int code;

    CfaRegister(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
