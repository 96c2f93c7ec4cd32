package io.offcpu.report;

/** Why {@code report} cannot go on, in words for the user; the command prints it and exits with status 1. */
public final class ReportFailure extends Exception {
    private static final long serialVersionUID = 1L;

    ReportFailure(String message) {
        super(message);
    }

    ReportFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
