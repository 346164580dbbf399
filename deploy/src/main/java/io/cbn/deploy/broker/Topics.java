package io.cbn.deploy.broker;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cbn topics (docs/design.md, Messages): the one table of their names, partitions, cleanup policy and
 * retention, used by the local broker ({@code ./cbn broker}, {@code ./cbn run}, the tests), by {@code cbn enqueue}
 * (creates or validates them on any cluster) and by the manifest tests (every {@code deploy/k8s} KafkaTopic must
 * agree with it). Adding a topic is one entry in {@link #TABLE}. Creating the topics on a cluster is
 * {@link TopicAdmin}; checking a cluster's topics against this table is {@link TopicCheck}.
 *
 * <p>Partitions: {@link Partitions#WORKERS} topics get the deployment's worker partition count (default 12, the
 * largest worker count: a consumer group never has more busy members than partitions); {@code cbn.runs} gets 1 (one
 * total order of run events, OPENED always before SEALED); {@code cbn.jobs.dlq} 1 (a trickle, for people). In
 * Kubernetes {@code cbn.results} has {@link #RESULTS_PARTITIONS} in every overlay: results of one job must stay on
 * one partition in write order, so the count is fixed when the topic is created, never changed per environment.
 *
 * <p>Retention (docs/design.md, Aggregator state: "retention of cbn.results/cbn.runs is finite, closed runs live
 * in their files"):
 * <ul>
 *   <li>{@code cbn.jobs} and {@code cbn.jobs.retry}: 14 days, must outlast the longest backlog wait.</li>
 *   <li>{@code cbn.results} and {@code cbn.runs}: 30 days. The aggregator keeps every open run in its checkpoint
 *       and every closed run in its files, so these topics only have to cover what is not checkpointed yet: a run
 *       can stay open at most as long as its jobs are kept (14 days) plus the hold timeout (6 h); 30 days is twice
 *       that, room for an aggregator outage of two weeks on top of the longest run.</li>
 *   <li>{@code cbn.jobs.dlq}: 30 days, time to notice, investigate and re-enqueue by hand.</li>
 * </ul>
 * Consumer-group offsets must live at least as long as the longest retention a group reads
 * ({@link #OFFSETS_RETENTION}, broker setting {@code offsets.retention.minutes}): offsets that expire before the
 * records make an idle group start over from {@code earliest} and convert every retained job again.
 */
public final class Topics {

    public static final String JOBS = "cbn.jobs";
    public static final String JOBS_RETRY = "cbn.jobs.retry";
    public static final String RESULTS = "cbn.results";
    public static final String RUNS = "cbn.runs";
    public static final String JOBS_DLQ = "cbn.jobs.dlq";

    public static final int DEFAULT_PARTITIONS = 12;
    /** Partitions of {@code cbn.results} in every Kubernetes overlay. */
    public static final int RESULTS_PARTITIONS = 12;
    public static final int RUNS_PARTITIONS = 1;
    public static final int DLQ_PARTITIONS = 1;

    public static final Duration JOBS_RETENTION = Duration.ofDays(14);
    public static final Duration LEDGER_RETENTION = Duration.ofDays(30);
    public static final Duration DLQ_RETENTION = Duration.ofDays(30);
    /** Broker {@code offsets.retention.minutes}: at least every retention in the table (43200 min = 30 days). */
    public static final Duration OFFSETS_RETENTION = Duration.ofDays(30);

    /** How a topic's partition count is chosen. */
    public enum Partitions {
        /** The deployment's worker partition count ({@code --partitions}, overlays' {@code maxReplicaCount}). */
        WORKERS,
        /** Exactly one: a single total order. */
        ONE
    }

    /**
     * One cbn topic.
     *
     * @param partitions how its partition count is chosen
     * @param exact      when true a cluster's topic must have exactly the count cbn asks for (ordering depends on it)
     *
     * <p>{@code cbn.results} is {@link Partitions#WORKERS} on the local broker ({@link #defaults(int)}); on a
     * cluster {@code cbn enqueue} creates it with {@link #RESULTS_PARTITIONS} and the manifests declare that count.
     */
    public record Spec(String name, Partitions partitions, boolean exact, String cleanupPolicy, Duration retention) {

        public int partitionCount(int workerPartitions) {
            return partitions == Partitions.ONE ? 1 : workerPartitions;
        }

        /** Topic-level configs cbn creates it with. */
        public Map<String, String> configs() {
            Map<String, String> c = new LinkedHashMap<>();
            c.put("cleanup.policy", cleanupPolicy);
            c.put("retention.ms", String.valueOf(retention.toMillis()));
            return c;
        }
    }

    /** Every cbn topic, in creation order. */
    public static final List<Spec> TABLE = List.of(
            new Spec(JOBS, Partitions.WORKERS, false, "delete", JOBS_RETENTION),
            new Spec(JOBS_RETRY, Partitions.WORKERS, false, "delete", JOBS_RETENTION),
            new Spec(RESULTS, Partitions.WORKERS, false, "delete", LEDGER_RETENTION),
            new Spec(RUNS, Partitions.ONE, true, "delete", LEDGER_RETENTION),
            new Spec(JOBS_DLQ, Partitions.ONE, false, "delete", DLQ_RETENTION));

    private Topics() {
    }

    /** The spec of a topic by its default name. */
    public static Optional<Spec> spec(String topic) {
        return TABLE.stream().filter(s -> s.name().equals(topic)).findFirst();
    }

    /** Every cbn topic name, in table order. */
    public static List<String> names() {
        return TABLE.stream().map(Spec::name).toList();
    }

    /** Topic-level configs for the cbn topics by their default names; empty for any other name. */
    public static Map<String, String> configs(String topic) {
        return spec(topic).map(Spec::configs).orElse(Map.of());
    }

    /** Every cbn topic with its partition count, the worker topics getting {@code partitions}. */
    public static Map<String, Integer> defaults(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        Map<String, Integer> topics = new LinkedHashMap<>();
        TABLE.forEach(s -> topics.put(s.name(), s.partitionCount(partitions)));
        return topics;
    }
}
