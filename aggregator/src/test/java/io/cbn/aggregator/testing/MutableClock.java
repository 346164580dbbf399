package io.cbn.aggregator.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand. */
public final class MutableClock extends Clock {

    private Instant now;
    private Duration step = Duration.ZERO;

    public MutableClock(Instant now) {
        this.now = now;
    }

    public synchronized void set(Instant instant) {
        now = instant;
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    /** From now on every reading moves the clock on by {@code step} (after answering). */
    public synchronized MutableClock ticking(Duration step) {
        this.step = step;
        return this;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public synchronized Instant instant() {
        Instant answer = now;
        now = now.plus(step);
        return answer;
    }
}
