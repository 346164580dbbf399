package io.cbn.producer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cbn.deploy.broker.TopicAdmin;
import io.cbn.deploy.broker.TopicCheck;
import io.cbn.deploy.broker.Topics;

/**
 * Creates the missing cbn topics and validates all of them against the one topic table,
 * {@link Topics#TABLE} (docs/design.md, Messages): partitions, cleanup policy, retention, and the brokers'
 * consumer-offset retention. Never relies on broker auto-creation. Disagreement stops {@code cbn enqueue} before it
 * publishes anything, with one line per problem.
 */
public final class TopicSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    private TopicSetup() {
    }

    /**
     * What cbn asks of each topic of a cluster: name to partitions when created, name to the least partitions an
     * existing topic must have, and name to the cbn topic it stands for (a topic renamed by {@code --topic-*}).
     */
    record Plan(Map<String, Integer> create, Map<String, Integer> minimum, Map<String, String> defaultNames) {
    }

    /**
     * @param renamed     cbn topic name to the name used on this cluster (missing entries: the cbn name)
     * @param partitions  partitions of the jobs topics ({@code cbn.jobs}, {@code cbn.jobs.retry}) when created
     */
    static Plan plan(Map<String, String> renamed, int partitions) {
        Map<String, Integer> create = new LinkedHashMap<>();
        Map<String, Integer> minimum = new LinkedHashMap<>();
        Map<String, String> defaultNames = new LinkedHashMap<>();
        for (Topics.Spec spec : Topics.TABLE) {
            String name = renamed.getOrDefault(spec.name(), spec.name());
            defaultNames.put(name, spec.name());
            if (spec.name().equals(Topics.RESULTS)) {
                // written by every worker, read whole by the aggregator: any count works, the manifests' count when created
                create.put(name, Topics.RESULTS_PARTITIONS);
                minimum.put(name, 1);
            } else {
                create.put(name, spec.partitionCount(partitions));
                // jobs topics: more or fewer partitions than --partitions only change how many workers can be busy
                minimum.put(name, 1);
            }
        }
        return new Plan(create, minimum, defaultNames);
    }

    /**
     * Creates what is missing, then checks every cbn topic and the brokers' offset retention.
     *
     * @param warn told about what could not be checked and about jobs topics with fewer partitions than asked
     * @return the topics created now
     * @throws IllegalStateException naming each problem, or the cause when Kafka refuses or does not answer
     */
    public static List<String> ensure(String bootstrapServers, Map<String, String> renamed, int partitions, long timeoutMs,
                                      Consumer<String> warn) {
        Plan plan = plan(renamed, partitions);
        Map<String, Object> config = KafkaClientSettings.applyTo(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "cbn-producer-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, 30_000)));
        // a plaintext client on a TLS listener reads the handshake as a huge size (the Kafka client's OutOfMemoryError
        // in the log) and then times out: name the likely cause instead of only "is it running?"
        Object protocol = config.get(AdminClientConfig.SECURITY_PROTOCOL_CONFIG);
        String plaintextHint = protocol == null || "PLAINTEXT".equalsIgnoreCase(String.valueOf(protocol))
                ? "; a secured broker (SASL_SSL) needs its client properties: --kafka-config FILE" : "";
        try (Admin admin = Admin.create(config)) {
            List<String> created;
            try {
                created = TopicAdmin.create(admin, plan.create(), plan.defaultNames(), timeoutMs);
            } catch (IllegalStateException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException
                        || e.getCause() instanceof java.util.concurrent.TimeoutException) {
                    throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within " + timeoutMs
                            + " ms (is it running? see --bootstrap-servers / CBN_BOOTSTRAP_SERVERS" + plaintextHint + ")", e.getCause());
                }
                throw new IllegalStateException(e.getMessage() + " (on " + bootstrapServers + ")", e.getCause());
            }
            List<String> problems = new ArrayList<>(TopicCheck.problems(admin, plan.minimum(), plan.defaultNames(), timeoutMs));
            problems.addAll(TopicCheck.offsetRetentionProblems(admin, Topics.OFFSETS_RETENTION, timeoutMs, warn));
            if (!problems.isEmpty()) {
                throw new IllegalStateException("the topics on " + bootstrapServers + " disagree with what cbn needs"
                        + " (io.cbn.deploy.broker.Topics, README 'Operations'); fix them, nothing was published:\n  - "
                        + String.join("\n  - ", problems));
            }
            if (!created.isEmpty()) {
                LOG.info("created topics {}", created);
            }
            return created;
        }
    }
}
