package io.cbn.deploy.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cbn topics (docs/design.md, Messages): the one table of their names, partitions, cleanup policy and
 * retention, used by the local broker ({@code ./cbn broker}, {@code ./cbn run}, the tests), by {@code cbn enqueue}
 * (creates or validates them on any cluster) and by the manifest tests (every {@code deploy/k8s} KafkaTopic must
 * agree with it). Adding a topic is one entry in {@link #TABLE}.
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

    private static final Logger LOG = LoggerFactory.getLogger(Topics.class);
    private static final long TIMEOUT_SECONDS = 60;

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

    /** {@link #ensure(Admin, Map)} with a short-lived Admin client on {@code bootstrapServers}. */
    public static List<String> ensure(String bootstrapServers, Map<String, Integer> partitions) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS)))) {
            return ensure(admin, partitions);
        }
    }

    /**
     * Creates each missing topic with its partition count, the cluster's default replication
     * factor and {@link #configs(String)}. A topic that exists is left as is (a warning when it has fewer partitions than asked).
     *
     * @return the topics created now
     * @throws IllegalStateException when the cluster does not answer or refuses a topic
     */
    public static List<String> ensure(Admin admin, Map<String, Integer> partitions) {
        List<String> created = create(admin, partitions, Map.of(), TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        List<String> existing = new ArrayList<>(partitions.keySet());
        existing.removeAll(created);
        warnIfSmaller(admin, existing, partitions);
        return created;
    }

    /**
     * Creates the missing ones of {@code partitions} (name to count) with the table's configs of
     * {@code defaultNames.getOrDefault(name, name)} (so a renamed topic gets the configs of the cbn topic it stands
     * for).
     *
     * @return the topics created now
     */
    public static List<String> create(Admin admin, Map<String, Integer> partitions, Map<String, String> defaultNames, long timeoutMs) {
        List<NewTopic> requested = new ArrayList<>();
        partitions.forEach((name, count) -> requested.add(
                new NewTopic(name, Optional.of(count), Optional.empty()).configs(configs(defaultNames.getOrDefault(name, name)))));
        Map<String, KafkaFuture<Void>> results = admin.createTopics(requested).values();
        List<String> created = new ArrayList<>();
        for (String topic : partitions.keySet()) {
            try {
                results.get(topic).get(timeoutMs, TimeUnit.MILLISECONDS);
                created.add(topic);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                    throw new IllegalStateException("Kafka did not answer within " + timeoutMs + " ms creating topic " + topic, e.getCause());
                }
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka did not answer within " + timeoutMs + " ms creating topic " + topic, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted creating topic " + topic, e);
            }
        }
        if (!created.isEmpty()) {
            awaitLeaders(admin, created, timeoutMs);
            LOG.info("created topics {}", created);
        }
        return created;
    }

    /**
     * Waits until every partition of {@code topics} (created a moment ago) has a leader in the cluster's metadata.
     * Producing into a partition whose leader is not yet in place fails its first batches with a retriable error
     * while later ones may already land; an idempotent producer then met an out-of-order sequence on that partition
     * and retried until its delivery timeout (seen once in CI on a fresh single-node broker).
     */
    static void awaitLeaders(Admin admin, List<String> topics, long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long backoffMs = 20;
        while (true) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                        .get(timeoutMs, TimeUnit.MILLISECONDS);
                boolean ready = described.values().stream().allMatch(d -> d.partitions().stream()
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty() && !p.isr().isEmpty()));
                if (ready) return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("cannot describe topics " + topics + ": " + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka did not answer within " + timeoutMs + " ms describing topics " + topics, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the leaders of " + topics, e);
            }
            if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs) > deadline) {
                throw new IllegalStateException("the partitions of " + topics + " have no leader " + timeoutMs + " ms after their creation");
            }
            pause(backoffMs, "waiting for the leaders of " + topics);
            backoffMs = Math.min(backoffMs * 2, 500);
        }
    }

    /**
     * What is wrong with the topics of a cluster for cbn, one line per problem (empty when all is well): each
     * topic of {@code partitions} (name to the count cbn asks for) must have the cleanup policy of its table entry
     * ({@code defaultNames} maps a renamed topic to the cbn topic it stands for), a retention at least the
     * table's ({@code -1} = forever is fine), and at least the partitions asked for (exactly for {@code cbn.runs}).
     * Topics of the same {@link Partitions#WORKERS} kind that cbn consumes together ({@code cbn.jobs},
     * {@code cbn.jobs.retry}) are not compared with each other: more partitions than asked is never a problem.
     */
    public static List<String> problems(Admin admin, Map<String, Integer> partitions, Map<String, String> defaultNames, long timeoutMs) {
        List<String> problems = new ArrayList<>();
        Map<String, TopicDescription> described;
        Map<ConfigResource, Config> configs;
        List<ConfigResource> resources = partitions.keySet().stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long backoffMs = 50;
        while (true) {
            try {
                described = admin.describeTopics(partitions.keySet()).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
                configs = admin.describeConfigs(resources).all().get(timeoutMs, TimeUnit.MILLISECONDS);
                break;
            } catch (ExecutionException e) {
                // a topic created a moment ago may not have reached every broker's metadata yet: ask again, briefly
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs) > deadline) {
                    throw describeFailed(partitions, e);
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka did not answer within " + timeoutMs + " ms describing topics " + partitions.keySet(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted describing topics", e);
            }
            pause(backoffMs, "describing topics");
            backoffMs = Math.min(backoffMs * 2, 1000);
        }
        for (Map.Entry<String, Integer> wanted : partitions.entrySet()) {
            String topic = wanted.getKey();
            Spec spec = spec(defaultNames.getOrDefault(topic, topic)).orElse(null);
            if (spec == null) {
                continue;
            }
            int actual = described.get(topic).partitions().size();
            if (spec.exact() ? actual != wanted.getValue() : actual < wanted.getValue()) {
                problems.add("topic " + topic + " has " + actual + " partitions, cbn needs " + (spec.exact() ? "exactly " : "at least ")
                        + wanted.getValue() + (spec.partitions() == Partitions.ONE ? " (one total order of its records)" : ""));
            }
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic));
            String policy = value(config, "cleanup.policy");
            if (!spec.cleanupPolicy().equals(policy)) {
                problems.add("topic " + topic + " has cleanup.policy=" + policy + ", cbn needs " + spec.cleanupPolicy()
                        + " (compaction keeps only the last record per key and drops records cbn counts)");
            }
            String retention = value(config, "retention.ms");
            long ms = retention == null ? Long.MIN_VALUE : Long.parseLong(retention);
            if (ms != -1 && ms < spec.retention().toMillis()) {
                problems.add("topic " + topic + " has retention.ms=" + retention + ", cbn needs at least " + spec.retention().toMillis()
                        + " (" + spec.retention().toDays() + " days, docs/design.md, Aggregator state)");
            }
        }
        return problems;
    }

    /**
     * What is wrong with the brokers' consumer-offset retention: empty when every broker's
     * {@code offsets.retention.minutes} is at least {@code needed}, or when the brokers' configs cannot be read
     * (permissions on managed clusters; {@code warn} is told why).
     */
    public static List<String> offsetRetentionProblems(Admin admin, Duration needed, long timeoutMs, java.util.function.Consumer<String> warn) {
        List<String> problems = new ArrayList<>();
        try {
            Collection<org.apache.kafka.common.Node> nodes = admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
            List<ConfigResource> brokers = nodes.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(n.id()))).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(brokers).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            for (Map.Entry<ConfigResource, Config> e : configs.entrySet()) {
                String minutes = value(e.getValue(), "offsets.retention.minutes");
                if (minutes != null && Long.parseLong(minutes) < needed.toMinutes()) {
                    problems.add("broker " + e.getKey().name() + " has offsets.retention.minutes=" + minutes + ", cbn needs at least "
                            + needed.toMinutes() + " (" + needed.toDays() + " days, the longest topic retention): expired offsets make"
                            + " an idle consumer group re-read and re-convert every retained job");
                }
            }
        } catch (ExecutionException e) {
            warn.accept("cannot read the brokers' offsets.retention.minutes (" + e.getCause().getClass().getSimpleName()
                    + "); make sure it is at least " + needed.toMinutes());
        } catch (TimeoutException e) {
            warn.accept("the brokers' offsets.retention.minutes could not be read in time; make sure it is at least " + needed.toMinutes());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return problems;
    }

    /** Sleeps {@code ms} between two questions to the cluster; an interrupt ends what was being {@code doing}. */
    private static void pause(long ms, String doing) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted " + doing, e);
        }
    }

    private static IllegalStateException describeFailed(Map<String, Integer> partitions, ExecutionException e) {
        return new IllegalStateException("cannot describe topics " + partitions.keySet() + ": " + e.getCause().getMessage(), e.getCause());
    }

    private static String value(Config config, String key) {
        if (config == null) {
            return null;
        }
        ConfigEntry entry = config.get(key);
        return entry == null ? null : entry.value();
    }

    private static void warnIfSmaller(Admin admin, List<String> existing, Map<String, Integer> partitions) {
        if (existing.isEmpty()) {
            return;
        }
        try {
            Map<String, TopicDescription> described = admin.describeTopics(Set.copyOf(existing)).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            described.forEach((name, description) -> {
                int actual = description.partitions().size();
                if (actual < partitions.get(name)) {
                    LOG.warn("topic {} exists with {} partitions, fewer than the {} asked for; left as is", name, actual, partitions.get(name));
                }
            });
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("cannot describe existing topics {}: {}", existing, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
