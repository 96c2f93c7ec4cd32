package io.offcpu.jni;

/** A BPF set-up or run-time failure, with a message a user can act on (thrown by the natives). */
public final class BpfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BpfException(String message) {
        super(message);
    }
}
