package io.cbn.converter;

import java.time.Duration;

/** Cooperative per-image time limit: long loops call {@link #check(String)} and stop with TIMEOUT once it has passed. */
public final class Deadline {
    private final long endNanos;
    private final Duration limit;

    private Deadline(Duration limit) {
        this.limit = limit;
        this.endNanos = System.nanoTime() + limit.toNanos();
    }

    public static Deadline after(Duration limit) { return new Deadline(limit); }

    public boolean expired() { return System.nanoTime() - endNanos > 0; }

    /** @throws ConversionException TIMEOUT when the limit has passed */
    public void check(String stage) {
        if (expired()) throw new ConversionException(Reason.TIMEOUT, "time limit " + limit.toMillis() + " ms exceeded during " + stage);
    }
}
