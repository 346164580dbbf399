package io.cbn.deploy.broker;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** Broker configuration of the local single-node KRaft cluster (combined broker + controller). */
final class BrokerProperties {

    static final int NODE_ID = 1;
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String SECURE_LISTENER = "SASL_SSL";

    private BrokerProperties() {
    }

    /**
     * @param host           interface to listen on and to advertise
     * @param port           client port
     * @param controllerPort KRaft controller port
     * @param dataDir        log and metadata directory
     * @param overrides      extra broker properties, applied last
     */
    static Properties combined(String host, int port, int controllerPort, Path dataDir, Map<String, String> overrides) {
        return combined(host, port, controllerPort, dataDir, null, overrides);
    }

    /** As above; with {@code security} non-null the client listener is SASL_SSL and access needs ACLs. */
    static Properties combined(String host, int port, int controllerPort, Path dataDir, BrokerSecurity security,
                               Map<String, String> overrides) {
        String BROKER_LISTENER = security == null ? BrokerProperties.BROKER_LISTENER : SECURE_LISTENER;
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", String.valueOf(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        p.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        p.setProperty("inter.broker.listener.name", BROKER_LISTENER);
        p.setProperty("listeners", BROKER_LISTENER + "://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        p.setProperty("advertised.listeners", BROKER_LISTENER + "://" + host + ":" + port);
        p.setProperty("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.setProperty("log.dirs", dataDir.toString());
        p.setProperty("metadata.log.dir", dataDir.toString());

        // one node: every replication factor and ISR minimum is 1
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        // internal topics sized for one machine: fewer partitions = faster first group join
        p.setProperty("offsets.topic.num.partitions", "12");
        p.setProperty("transaction.state.log.num.partitions", "4");

        // topics are created explicitly, with their partition counts (docs/design.md, "Messages")
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.partitions", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // retention is set per topic (Topics.TABLE); consumer offsets live at least as long as the longest of them
        // (docs/design.md, Aggregator state), so an idle group never restarts from earliest
        p.setProperty("offsets.retention.minutes", String.valueOf(Topics.OFFSETS_RETENTION.toMinutes()));
        p.setProperty("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        p.setProperty("delete.topic.enable", "true");

        if (security != null) {
            p.putAll(security.brokerConfig(BROKER_LISTENER, CONTROLLER_LISTENER));
        }
        p.putAll(overrides);
        return p;
    }
}
