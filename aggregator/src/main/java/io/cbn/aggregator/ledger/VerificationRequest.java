package io.cbn.aggregator.ledger;

import java.nio.file.Path;
import java.util.List;

/**
 * What to re-hash for a run that just reached zero outstanding: the CREATED items and the root
 * their output paths are relative to. {@code countedSeq} ties the answer to the ledger state it
 * was taken from, so a check that raced with a new result is discarded and asked again.
 */
public record VerificationRequest(String runId, Path outputRoot, List<ItemRecord> createdItems, long countedSeq) {

    public VerificationRequest {
        createdItems = List.copyOf(createdItems);
    }
}
