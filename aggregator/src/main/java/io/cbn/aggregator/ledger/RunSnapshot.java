package io.cbn.aggregator.ledger;

import java.util.List;

/** A consistent summary + items pair taken under the ledger's lock; items sorted by sourcePath, then jobId. */
public record RunSnapshot(RunSummary summary, List<ItemLine> items) {

    public RunSnapshot {
        items = List.copyOf(items);
    }
}
