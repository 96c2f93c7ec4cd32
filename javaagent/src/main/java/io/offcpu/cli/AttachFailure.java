package io.offcpu.cli;

/** Attaching to a JVM or running a command in it failed; the message says why and what to do. */
final class AttachFailure extends Exception {
    private static final long serialVersionUID = 1L;

    AttachFailure(String message) {
        super(message);
    }
}
