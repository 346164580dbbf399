package io.cbn.deploy.broker;

import java.util.ArrayList;
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
 * Creates the cbn topics of {@link Topics#TABLE} on a cluster (docs/design.md, Messages) with an Admin client: the
 * local broker ({@link LocalKafkaBroker#createTopics}), the tests and {@code cbn enqueue} (which then checks them
 * with {@link TopicCheck}). A topic that exists is left as it is.
 */
public final class TopicAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
    private static final long TIMEOUT_SECONDS = 60;

    private TopicAdmin() {
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
     * factor and {@link Topics#configs(String)}. A topic that exists is left as is (a warning when it has fewer partitions than asked).
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
                new NewTopic(name, Optional.of(count), Optional.empty()).configs(Topics.configs(defaultNames.getOrDefault(name, name)))));
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

    /** Sleeps {@code ms} between two questions to the cluster; an interrupt ends what was being {@code doing}. */
    static void pause(long ms, String doing) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted " + doing, e);
        }
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
