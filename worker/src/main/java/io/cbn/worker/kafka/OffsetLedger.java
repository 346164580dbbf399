package io.cbn.worker.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import org.apache.kafka.common.TopicPartition;

/**
 * Gap-free commit positions for records finished out of order (docs/design.md, "The jobs consumer"): per assigned
 * partition, the offsets received but not yet finished. A partition's position is its lowest unfinished offset, or
 * one past the highest received when every record is finished; a record handed back (never finished) holds its
 * partition's position until the partition is revoked, so it is delivered again to its next owner. Plain Java, used by
 * the poll thread and the conversion threads alike (every method is synchronized).
 */
public final class OffsetLedger {

    /** One assignment of one partition; a record's ticket names the assignment it was received in. */
    public static final class Partition {
        final TopicPartition tp;
        final TreeSet<Long> unfinished = new TreeSet<>();
        long next = -1;
        long committed = -1;

        Partition(TopicPartition tp) {
            this.tp = tp;
        }

        long position() {
            return unfinished.isEmpty() ? next : unfinished.first();
        }
    }

    /** What finishing a record needs: its partition's assignment and its offset. */
    public record Ticket(Partition partition, long offset) {}

    private final Map<TopicPartition, Partition> partitions = new HashMap<>();

    public synchronized Ticket received(TopicPartition tp, long offset) {
        Partition p = partitions.computeIfAbsent(tp, Partition::new);
        p.unfinished.add(offset);
        p.next = Math.max(p.next, offset + 1);
        return new Ticket(p, offset);
    }

    /** The record is done (result published, parked or dead-lettered). Ignored if its partition was revoked since. */
    public synchronized void finished(Ticket t) {
        if (partitions.get(t.partition().tp) == t.partition()) t.partition().unfinished.remove(t.offset());
    }

    /** The positions that moved since they were last committed. */
    public synchronized Map<TopicPartition, Long> uncommitted() {
        Map<TopicPartition, Long> out = new HashMap<>();
        for (Partition p : partitions.values()) {
            long pos = p.position();
            if (pos >= 0 && pos != p.committed) out.put(p.tp, pos);
        }
        return out;
    }

    public synchronized void committed(Map<TopicPartition, Long> positions) {
        positions.forEach((tp, pos) -> {
            Partition p = partitions.get(tp);
            if (p != null) p.committed = Math.max(p.committed, pos);
        });
    }

    /** Forgets revoked partitions; returns their positions not yet committed (to commit before letting go). */
    public synchronized Map<TopicPartition, Long> revoke(Collection<TopicPartition> revoked) {
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition tp : revoked) {
            Partition p = partitions.remove(tp);
            if (p != null && p.position() >= 0 && p.position() != p.committed) out.put(tp, p.position());
        }
        return out;
    }

    /** Records received and not finished, over every partition. */
    public synchronized int unfinished() {
        int n = 0;
        for (Partition p : partitions.values()) n += p.unfinished.size();
        return n;
    }
}
