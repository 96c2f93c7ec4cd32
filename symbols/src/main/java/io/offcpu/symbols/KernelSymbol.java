package io.offcpu.symbols;

/** A kernel text address resolved through kallsyms; {@code module} is null for the core kernel image. */
public record KernelSymbol(String function, String module, long offset) {
    @Override
    public String toString() {
        return function + "+0x" + Long.toHexString(offset) + (module != null ? " [" + module + "]" : "");
    }
}
