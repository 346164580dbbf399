package io.cbn.aggregator.testing;

import java.util.Map;

import io.cbn.deploy.broker.LocalKafkaBroker;
import io.cbn.deploy.broker.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A real single-node KRaft broker (random ports, temp dir) with the cbn topics, for {@code @QuarkusTest}s. */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    /** Partitions of cbn.jobs / cbn.results in tests: several, so results spread like in production. */
    public static final int PARTITIONS = 4;

    private LocalKafkaBroker broker;

    @Override
    public Map<String, String> start() {
        broker = LocalKafkaBroker.start();
        broker.createTopics(Topics.defaults(PARTITIONS));
        try {
            return Map.of("kafka.bootstrap.servers", broker.bootstrapServers(), "cbn.aggregator.state-dir",
                    java.nio.file.Files.createTempDirectory("cbn-aggregator-state-").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
