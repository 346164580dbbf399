package io.cbn.deploy.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

import io.cbn.deploy.broker.Topics.Partitions;
import io.cbn.deploy.broker.Topics.Spec;

/**
 * Checks a cluster's topics and brokers against {@link Topics#TABLE} (docs/design.md, Messages; retention:
 * docs/design.md, Aggregator state): one line per problem, so {@code cbn enqueue} can refuse a cluster that
 * disagrees before it publishes anything. Reads only; creating the topics is {@link TopicAdmin}.
 */
public final class TopicCheck {

    private TopicCheck() {
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
            TopicAdmin.pause(backoffMs, "describing topics");
            backoffMs = Math.min(backoffMs * 2, 1000);
        }
        for (Map.Entry<String, Integer> wanted : partitions.entrySet()) {
            String topic = wanted.getKey();
            Spec spec = Topics.spec(defaultNames.getOrDefault(topic, topic)).orElse(null);
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
}
