package io.cbn.deploy.broker;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./cbn broker}: a local single-node Kafka broker with the cbn topics, in the foreground.
 * Prints {@code BROKER READY <bootstrap>} on stdout once the topics exist, then runs until
 * SIGTERM / Ctrl-C, when it stops cleanly. Logs go to stderr. Exit 2 if it cannot start.
 */
@Command(name = "cbn broker", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a local single-node Kafka broker (KRaft) with the cbn topics.",
                "Prints 'BROKER READY <host:port>' on stdout when ready; stops on SIGTERM or Ctrl-C."})
public final class BrokerMain implements Callable<Integer> {

    /** Printed on stdout, followed by the bootstrap servers, when the broker serves the cbn topics. */
    public static final String READY = "BROKER READY";

    private static final Logger LOG = LoggerFactory.getLogger(BrokerMain.class);

    @Option(names = "--port", description = "Client port (default ${DEFAULT-VALUE}; 0 = any free port).")
    int port = 9092;

    @Option(names = "--controller-port", description = "KRaft controller port (default: a free port).")
    int controllerPort;

    @Option(names = "--host", description = "Address to listen on and advertise (default ${DEFAULT-VALUE}).")
    String host = LocalKafkaBroker.DEFAULT_HOST;

    @Option(names = "--data-dir", description = "Data directory, formatted on first use and reused after (default ${DEFAULT-VALUE}).")
    Path dataDir = Path.of("data", "kafka");

    @Option(names = "--partitions", description = "Partitions of cbn.jobs, cbn.jobs.retry and cbn.results (default ${DEFAULT-VALUE}); cbn.runs and cbn.jobs.dlq get 1 (io.cbn.deploy.broker.Topics).")
    int partitions = Topics.DEFAULT_PARTITIONS;

    @Option(names = "--secure", description = {"SASL_SSL with SCRAM-SHA-512 users admin, producer, worker, aggregator and"
            + " per-user ACLs; a throwaway CA and keystores are generated beside the data dir (<data-dir>-security) on"
            + " first use, with one client properties file per user for --kafka-config. Needs a fresh --data-dir."})
    boolean secure;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BrokerMain()).execute(args));
    }

    @Override
    public Integer call() {
        if (partitions < 1) {
            System.err.println("cbn broker: --partitions must be >= 1, got " + partitions);
            return 2;
        }
        LocalKafkaBroker broker;
        try {
            broker = LocalKafkaBroker.builder().host(host).port(port).controllerPort(controllerPort).dataDir(dataDir).secure(secure).start();
        } catch (RuntimeException e) {
            System.err.println("cbn broker: cannot start: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping Kafka broker {}", broker.bootstrapServers());
            broker.close();
            stopped.countDown();
        }, "cbn-broker-shutdown"));
        try {
            broker.createTopics(Topics.defaults(partitions));
        } catch (RuntimeException e) {
            System.err.println("cbn broker: cannot create topics: " + e.getMessage());
            return 2;
        }
        if (secure) {
            for (String user : BrokerSecurity.USERS) {
                System.out.println("client config of user " + user + ": " + broker.security().clientConfigFile(user));
            }
        }
        System.out.println(READY + " " + broker.bootstrapServers());
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
