package io.cbn.deploy.broker;

import java.util.ArrayList;
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
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cbn topics (DESIGN.md section 3) and their idempotent creation.
 *
 * <p>Partitions: {@code cbn.jobs} and {@code cbn.results} get {@code partitions} (default 12, the
 * largest worker count: a consumer group never has more busy members than partitions).
 * {@code cbn.runs} gets 1: two small events per run, keyed by runId; one partition gives a single
 * total order of run events, which is what the aggregator wants (it reads every run event anyway,
 * more partitions buy no parallelism). {@code cbn.jobs.dlq} gets 1: it holds only undecodable
 * messages, for people to inspect. {@code cbn.jobs.retry} (held jobs parked by the workers) gets
 * {@code partitions} like the jobs topic and the same retention: a parked job is still a job.
 *
 * <p>Retention matches the Kubernetes topics ({@code deploy/k8s/base/topic-*.yaml}): runs and
 * results are the ledger the aggregator rebuilds from, kept forever; jobs are a queue kept 14
 * days (must outlast the backlog); dead letters 30 days.
 */
public final class Topics {

    public static final String JOBS = "cbn.jobs";
    public static final String RESULTS = "cbn.results";
    public static final String RUNS = "cbn.runs";
    public static final String JOBS_DLQ = "cbn.jobs.dlq";
    /** Held jobs parked by workers and re-read after a back-off (docs/design.md, "Faults, holds and poison jobs"). */
    public static final String JOBS_RETRY = "cbn.jobs.retry";

    public static final int DEFAULT_PARTITIONS = 12;
    public static final int RUNS_PARTITIONS = 1;
    public static final int DLQ_PARTITIONS = 1;

    private static final Logger LOG = LoggerFactory.getLogger(Topics.class);
    private static final long TIMEOUT_SECONDS = 60;

    private Topics() {
    }

    /** Topic-level configs for the cbn topics by their default names; empty for any other name. */
    public static Map<String, String> configs(String topic) {
        switch (topic) {
            case RUNS:
            case RESULTS:
                return Map.of("cleanup.policy", "delete", "retention.ms", "-1", "retention.bytes", "-1");
            case JOBS:
            case JOBS_RETRY:
                return Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(TimeUnit.DAYS.toMillis(14)));
            case JOBS_DLQ:
                return Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(TimeUnit.DAYS.toMillis(30)));
            default:
                return Map.of();
        }
    }

    /** The cbn topics with their partition counts, jobs, results and retry getting {@code partitions}. */
    public static Map<String, Integer> defaults(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        Map<String, Integer> topics = new LinkedHashMap<>();
        topics.put(JOBS, partitions);
        topics.put(RESULTS, partitions);
        topics.put(RUNS, RUNS_PARTITIONS);
        topics.put(JOBS_DLQ, DLQ_PARTITIONS);
        topics.put(JOBS_RETRY, partitions);
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
        List<NewTopic> requested = new ArrayList<>();
        partitions.forEach((name, count) -> requested.add(
                new NewTopic(name, Optional.of(count), Optional.empty()).configs(configs(name))));
        Map<String, KafkaFuture<Void>> results = admin.createTopics(requested).values();
        List<String> created = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        for (String topic : partitions.keySet()) {
            try {
                results.get(topic).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                created.add(topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
                }
                existing.add(topic);
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka did not answer within " + TIMEOUT_SECONDS + " s creating topic " + topic, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted creating topic " + topic, e);
            }
        }
        if (!created.isEmpty()) {
            LOG.info("created topics {}", created);
        }
        warnIfSmaller(admin, existing, partitions);
        return created;
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
