package io.cbn.worker.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetLedgerTest {

    private static final TopicPartition P0 = new TopicPartition("cbn.jobs", 0);
    private static final TopicPartition P1 = new TopicPartition("cbn.jobs", 1);

    @Test
    void commitsUpToTheLowestUnfinishedRecord() {
        OffsetLedger ledger = new OffsetLedger();
        var a = ledger.received(P0, 10);
        var b = ledger.received(P0, 11);
        var c = ledger.received(P0, 12);
        assertEquals(Map.of(P0, 10L), ledger.uncommitted(), "nothing finished: the first record's offset");
        ledger.finished(c);
        ledger.finished(b);
        assertEquals(Map.of(P0, 10L), ledger.uncommitted(), "10 still runs: later records do not move the position");
        ledger.committed(ledger.uncommitted());
        assertEquals(Map.of(), ledger.uncommitted(), "committed positions are not committed again");
        ledger.finished(a);
        assertEquals(Map.of(P0, 13L), ledger.uncommitted(), "all finished: one past the last record");
        assertEquals(0, ledger.unfinished());
    }

    @Test
    void aHandedBackRecordHoldsItsPartitionOnly() {
        OffsetLedger ledger = new OffsetLedger();
        ledger.received(P0, 5); // handed back: never finished
        var later = ledger.received(P0, 6);
        var other = ledger.received(P1, 40);
        ledger.finished(later);
        ledger.finished(other);
        assertEquals(Map.of(P0, 5L, P1, 41L), ledger.uncommitted());
        assertEquals(1, ledger.unfinished());
    }

    @Test
    void aRevokedPartitionIsCommittedOnceAndItsLateFinishesAreIgnored() {
        OffsetLedger ledger = new OffsetLedger();
        var first = ledger.received(P0, 0);
        var second = ledger.received(P0, 1);
        ledger.finished(first);
        assertEquals(Map.of(P0, 1L), ledger.revoke(List.of(P0)), "revocation commits what is finished");
        assertEquals(Map.of(), ledger.uncommitted(), "and forgets the partition");
        // assigned again: the new owner's records start at the committed position
        var again = ledger.received(P0, 1);
        ledger.finished(second); // the old assignment's job finishing late must not finish the new delivery
        assertEquals(Map.of(P0, 1L), ledger.uncommitted());
        ledger.finished(again);
        assertEquals(Map.of(P0, 2L), ledger.uncommitted());
    }

    @Test
    void anyFinishingOrderEndsAtTheEndAndNeverPassesAnUnfinishedRecord() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            OffsetLedger ledger = new OffsetLedger();
            int n = 1 + random.nextInt(40);
            List<OffsetLedger.Ticket> tickets = new ArrayList<>();
            for (int i = 0; i < n; i++) tickets.add(ledger.received(P0, 100 + i));
            List<OffsetLedger.Ticket> order = new ArrayList<>(tickets);
            Collections.shuffle(order, random);
            boolean[] done = new boolean[n];
            for (OffsetLedger.Ticket t : order) {
                ledger.finished(t);
                done[(int) (t.offset() - 100)] = true;
                long pos = ledger.uncommitted().getOrDefault(P0, -1L);
                int firstUnfinished = 0;
                while (firstUnfinished < n && done[firstUnfinished]) firstUnfinished++;
                assertEquals(100L + firstUnfinished, pos, "round " + round);
                assertTrue(pos <= 100 + n);
            }
        }
    }
}
