package io.cbn.aggregator.ledger;

import java.util.List;

/** Result of re-hashing every CREATED output of a run. */
public record OutputCheck(long filesChecked, List<OutputProblem> problems) {

    public OutputCheck {
        problems = List.copyOf(problems);
    }

    public boolean passed() {
        return problems.isEmpty();
    }
}
