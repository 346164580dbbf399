package io.cbn.aggregator.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cbn.aggregator.engine.Aggregator;
import io.cbn.schemas.JobResult;
import io.cbn.schemas.RunEvent;
import io.cbn.schemas.RunNotice;
import io.cbn.schemas.codec.AvroCodec;

/** Messages as the consumer would read them (encoded, with partition and offset), to feed an {@link Aggregator}. */
public final class Feed {

    public static final String RUNS = "cbn.runs";
    public static final String RESULTS = "cbn.results";

    public record Record(String topic, int partition, long offset, byte[] value) {
    }

    private static final AvroCodec<RunEvent> EVENTS = AvroCodec.of(RunEvent.class);
    private static final AvroCodec<RunNotice> NOTICES = AvroCodec.of(RunNotice.class);
    private static final AvroCodec<JobResult> RESULT_CODEC = AvroCodec.of(JobResult.class);

    private final int resultPartitions;
    private final List<Record> records = new ArrayList<>();
    private final Map<String, Long> next = new HashMap<>();

    public Feed(int resultPartitions) {
        this.resultPartitions = resultPartitions;
    }

    public Feed event(RunEvent e) {
        return add(RUNS, 0, EVENTS.encode(e));
    }

    public Feed notice(RunNotice n) {
        return add(RUNS, 0, NOTICES.encode(n));
    }

    public Feed result(JobResult r) {
        return add(RESULTS, Math.floorMod(r.getJobId().hashCode(), resultPartitions), RESULT_CODEC.encode(r));
    }

    public Feed raw(String topic, int partition, byte[] value) {
        return add(topic, partition, value);
    }

    private Feed add(String topic, int partition, byte[] value) {
        String key = topic + "-" + partition;
        long offset = next.getOrDefault(key, 0L);
        next.put(key, offset + 1);
        records.add(new Record(topic, partition, offset, value));
        return this;
    }

    public List<Record> records() {
        return records;
    }

    /** Feeds records [from, to) in order. */
    public void feed(Aggregator aggregator, int from, int to) {
        for (Record r : records.subList(from, to)) {
            aggregator.onRecord(r.topic(), r.partition(), r.offset(), r.value());
        }
    }

    /** Feeds every record at or after the positions a restarted aggregator reads on from (as the consumer seeks). */
    public void feedFrom(Aggregator aggregator, Map<String, Long> positions) {
        for (Record r : records) {
            if (r.offset() >= positions.getOrDefault(r.topic() + "-" + r.partition(), 0L)) {
                aggregator.onRecord(r.topic(), r.partition(), r.offset(), r.value());
            }
        }
    }
}
