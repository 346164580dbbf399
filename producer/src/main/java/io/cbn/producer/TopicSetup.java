package io.cbn.producer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the producer's topics if missing, with explicit partitions: the jobs topic with
 * {@code --partitions}, the runs topic with 1 (one total order of run events). Never relies on
 * broker auto-creation. Topic configs are the same as {@code io.cbn.deploy.broker.Topics} and
 * {@code deploy/k8s/base/topic-*.yaml} (a test checks they agree).
 */
public final class TopicSetup {

    static final int RUNS_PARTITIONS = 1;

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    private TopicSetup() {
    }

    /** Topic configs: the runs ledger is kept forever, the jobs queue 14 days. */
    static Map<String, String> jobsConfig() {
        return Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(TimeUnit.DAYS.toMillis(14)));
    }

    static Map<String, String> runsConfig() {
        return Map.of("cleanup.policy", "delete", "retention.ms", "-1", "retention.bytes", "-1");
    }

    /**
     * @return the topics created now (empty when both existed)
     * @throws IllegalStateException naming the topic and cause when Kafka refuses or does not answer
     */
    public static List<String> ensure(String bootstrapServers, String jobsTopic, int partitions, String runsTopic, long timeoutMs) {
        Map<String, NewTopic> wanted = new LinkedHashMap<>();
        wanted.put(jobsTopic, new NewTopic(jobsTopic, Optional.of(partitions), Optional.empty()).configs(jobsConfig()));
        wanted.put(runsTopic, new NewTopic(runsTopic, Optional.of(RUNS_PARTITIONS), Optional.empty()).configs(runsConfig()));
        List<String> created = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "cbn-producer-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, 30_000)))) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(wanted.values()).values();
            for (String topic : wanted.keySet()) {
                try {
                    results.get(topic).get(timeoutMs, TimeUnit.MILLISECONDS);
                    created.add(topic);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                        throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within " + timeoutMs
                                + " ms (is it running? see --bootstrap-servers / CBN_BOOTSTRAP_SERVERS)", e.getCause());
                    }
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic + " on " + bootstrapServers + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                } catch (TimeoutException e) {
                    throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within " + timeoutMs
                            + " ms (creating topic " + topic + ")", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted creating topic " + topic, e);
                }
            }
        }
        if (!created.isEmpty()) {
            LOG.info("created topics {}", created);
        }
        return created;
    }
}
