package io.cbn.deploy.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Formats a KRaft log directory once (what {@code kafka-storage.sh format} does); a formatted one is kept as is. */
final class LogDirFormatter {

    private static final Logger LOG = LoggerFactory.getLogger(LogDirFormatter.class);

    private LogDirFormatter() {
    }

    /**
     * Formats {@code dataDir} with a new random cluster id unless it already holds
     * {@code meta.properties} (a restart on a persistent directory keeps its cluster id and data).
     *
     * @return true if the directory was formatted now
     */
    static boolean formatIfNeeded(Path dataDir) throws IOException {
        return formatIfNeeded(dataDir, List.of());
    }

    /** As above, bootstrapping SCRAM credentials ({@code SCRAM-SHA-512=[name=U,password=P]}) into the metadata. */
    static boolean formatIfNeeded(Path dataDir, List<String> scramArguments) throws IOException {
        if (Files.isRegularFile(dataDir.resolve("meta.properties"))) {
            LOG.debug("log dir {} already formatted", dataDir);
            return false;
        }
        Files.createDirectories(dataDir);
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(out)
                    .setNodeId(BrokerProperties.NODE_ID)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(dataDir.toString()))
                    .setMetadataLogDirectory(Optional.of(dataDir.toString()))
                    .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
                    .setIgnoreFormatted(false)
                    .setScramArguments(scramArguments)
                    .run();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot format Kafka log dir " + dataDir + ": " + e.getMessage(), e);
        }
        LOG.debug("formatted log dir {} with cluster id {}: {}", dataDir, clusterId,
                output.toString(StandardCharsets.UTF_8).strip());
        return true;
    }
}
