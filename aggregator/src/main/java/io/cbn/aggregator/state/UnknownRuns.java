package io.cbn.aggregator.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cbn.aggregator.ledger.Io;

/**
 * Messages for runs the aggregator has not seen OPENED for (yet): kept aside, in arrival order,
 * and handed back when the run's OPENED arrives (docs/design.md, "Aggregator state"). Bounded by
 * {@code maxRecords} in all: beyond it the oldest message of the run kept longest is dropped (counted
 * and logged).
 * Shown at {@code GET /runs/unknown}. Thread-safe.
 */
public final class UnknownRuns {

    /** One message as read. */
    public record Pending(String topic, int partition, long offset, byte[] value) {
    }

    /** Per run: messages kept, and when the first was read. */
    public record View(String runId, int results, int runMessages, String firstSeen) {
    }

    private final int maxRecords;
    private final LinkedHashMap<String, List<Pending>> byRun = new LinkedHashMap<>();
    private int size;
    private long dropped;

    public UnknownRuns(int maxRecords) {
        this.maxRecords = maxRecords;
    }

    /** @return runIds whose messages had to be dropped to make room (empty normally) */
    public synchronized List<String> add(String runId, Pending pending) {
        byRun.computeIfAbsent(runId, r -> new ArrayList<>()).add(pending);
        size++;
        List<String> droppedRuns = new ArrayList<>(0);
        while (size > maxRecords) {
            // the oldest message of the run kept longest goes first
            Map.Entry<String, List<Pending>> oldest = byRun.entrySet().iterator().next();
            oldest.getValue().remove(0);
            if (oldest.getValue().isEmpty()) {
                byRun.remove(oldest.getKey());
            }
            size--;
            dropped++;
            if (!droppedRuns.contains(oldest.getKey())) {
                droppedRuns.add(oldest.getKey());
            }
        }
        return droppedRuns;
    }

    /** Removes and returns the messages kept for a run, in arrival order. */
    public synchronized List<Pending> take(String runId) {
        List<Pending> list = byRun.remove(runId);
        if (list == null) {
            return List.of();
        }
        size -= list.size();
        return list;
    }

    public synchronized int size() {
        return size;
    }

    public synchronized long dropped() {
        return dropped;
    }

    public synchronized List<View> view(String resultsTopic) {
        List<View> list = new ArrayList<>();
        byRun.forEach((runId, msgs) -> {
            int results = (int) msgs.stream().filter(p -> p.topic().equals(resultsTopic)).count();
            Pending first = msgs.get(0);
            list.add(new View(runId, results, msgs.size() - results,
                    first.topic() + "-" + first.partition() + "@" + first.offset()));
        });
        return list;
    }

    public synchronized void write(DataOutput out) throws IOException {
        out.writeInt(byRun.size());
        for (Map.Entry<String, List<Pending>> e : byRun.entrySet()) {
            Io.str(out, e.getKey());
            out.writeInt(e.getValue().size());
            for (Pending p : e.getValue()) {
                Io.str(out, p.topic());
                out.writeInt(p.partition());
                out.writeLong(p.offset());
                out.writeInt(p.value().length);
                out.write(p.value());
            }
        }
        out.writeLong(dropped);
    }

    public synchronized void read(DataInput in) throws IOException {
        byRun.clear();
        size = 0;
        int runs = in.readInt();
        for (int i = 0; i < runs; i++) {
            String runId = Io.str(in);
            int n = in.readInt();
            List<Pending> list = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                String topic = Io.str(in);
                int partition = in.readInt();
                long offset = in.readLong();
                byte[] value = new byte[in.readInt()];
                in.readFully(value);
                list.add(new Pending(topic, partition, offset, value));
            }
            byRun.put(runId, list);
            size += n;
        }
        dropped = in.readLong();
    }
}
