package io.cbn.aggregator.ledger;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Ledger behaviour that comes from configuration.
 *
 * @param clock         "now" for the stall (INCOMPLETE) decision
 * @param stallTimeout  a sealed run with jobs outstanding and no activity for this long is INCOMPLETE
 * @param verifyOutputs re-hash CREATED outputs before declaring a run COMPLETE
 */
public record LedgerSettings(Clock clock, Duration stallTimeout, boolean verifyOutputs) {

    public LedgerSettings {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        if (stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("stallTimeout must be positive: " + stallTimeout);
        }
    }
}
