package io.cbn.aggregator.engine;

import java.nio.file.Path;
import java.time.Instant;

import io.cbn.aggregator.ledger.RunLedger;
import io.cbn.aggregator.ledger.RunState;
import io.cbn.aggregator.report.ReportWriter;
import io.cbn.aggregator.state.ItemsAppender;

/** An open run: its ledger, its items.jsonl, and what of its summary was last written. Consumer thread only. */
final class OpenRun {
    final RunLedger ledger;
    final ItemsAppender items;
    long writtenVersion = -1;
    RunState writtenState;
    Instant writtenAt;

    OpenRun(RunLedger ledger, ItemsAppender items) {
        this.ledger = ledger;
        this.items = items;
    }

    /** Where the items.jsonl of run {@code runId} under {@code adminPath} is (open or closed). */
    static Path itemsFile(String adminPath, String runId) {
        return ReportWriter.runDirectory(Path.of(adminPath), runId).resolve(ReportWriter.ITEMS_JSONL);
    }
}
