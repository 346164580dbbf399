package io.cbn.worker.job;

import io.cbn.converter.Reason;

/** A job that cannot run as given: {@link #reason()} is its terminal reason code. */
public final class JobPathException extends Exception {

    private final transient Reason reason;

    public JobPathException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
