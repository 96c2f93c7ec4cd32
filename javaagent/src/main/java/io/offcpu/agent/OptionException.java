package io.offcpu.agent;

/** A bad agent option: the message names the value and what is accepted. */
public final class OptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public OptionException(String message) {
        super(message);
    }
}
