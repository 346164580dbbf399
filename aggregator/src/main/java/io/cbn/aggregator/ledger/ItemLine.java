package io.cbn.aggregator.ledger;

import java.util.List;

/** One line of {@code items.jsonl}: the item and the QA categories it counts in (sorted). */
public record ItemLine(ItemRecord item, List<String> qaIssues) {

    public ItemLine {
        qaIssues = List.copyOf(qaIssues);
    }
}
