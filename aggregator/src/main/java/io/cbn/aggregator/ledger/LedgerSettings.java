package io.cbn.aggregator.ledger;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Ledger behaviour that comes from configuration.
 *
 * @param clock        "now" for the stall (INCOMPLETE) decision
 * @param stallTimeout a sealed run with jobs outstanding and no activity for this long is INCOMPLETE
 * @param outputCheck  what is checked of CREATED outputs before a run is COMPLETE
 */
public record LedgerSettings(Clock clock, Duration stallTimeout, OutputCheckMode outputCheck) {

    public LedgerSettings {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        Objects.requireNonNull(outputCheck, "outputCheck");
        if (stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("stallTimeout must be positive: " + stallTimeout);
        }
    }
}
