package io.cbn.worker;

import java.util.Map;

import io.cbn.deploy.broker.LocalKafkaBroker;
import io.cbn.deploy.broker.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A real single-node KRaft broker for {@code @QuarkusTest}s, with the cbn topics (2 partitions each: 2 test cores). */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    static final String BOOTSTRAP_PROPERTY = "cbn.test.bootstrap";

    private LocalKafkaBroker broker;

    @Override
    public Map<String, String> start() {
        broker = LocalKafkaBroker.start();
        broker.createTopics(Topics.defaults(2));
        System.setProperty(BOOTSTRAP_PROPERTY, broker.bootstrapServers());
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
    }

    @Override
    public void stop() {
        if (broker != null) broker.close();
        System.clearProperty(BOOTSTRAP_PROPERTY);
    }
}
