package io.cbn.aggregator.ledger;

import java.util.List;

/**
 * What an output check found.
 *
 * @param items       items.jsonl lines read (CREATED or not)
 * @param listed      the first problems, one by one, sorted by jobId then path (at most
 *                    {@link RunLedger#MAX_LISTED_OUTPUT_PROBLEMS})
 * @param problemJobs hashes ({@link Hash128}) of the jobIds with at least one problem
 */
public record OutputCheckResult(long items, long filesChecked, long problems, List<OutputProblem> listed,
                                Hash128Set problemJobs) {

    public OutputCheckResult {
        listed = List.copyOf(listed);
    }

    public boolean passed() {
        return problems == 0;
    }
}
