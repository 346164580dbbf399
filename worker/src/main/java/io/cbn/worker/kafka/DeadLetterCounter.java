package io.cbn.worker.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;

import io.cbn.schemas.ImageJob;
import io.cbn.worker.metrics.WorkerMetrics;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;

/**
 * Value deserialization failure handler of the {@code jobs} channel. Returning null, after the default handling
 * has put the failure details (reason, raw bytes) into the record headers, makes the connector send the record to
 * the dead-letter topic with its original bytes (failure-strategy=dead-letter-queue); this handler counts and logs.
 */
@ApplicationScoped
@Identifier(DeadLetterCounter.NAME)
public class DeadLetterCounter implements DeserializationFailureHandler<ImageJob> {

    public static final String NAME = "cbn-jobs-dead-letter";

    private static final Logger LOG = Logger.getLogger(DeadLetterCounter.class);

    @Inject
    WorkerMetrics metrics;

    @Override
    public ImageJob handleDeserializationFailure(String topic, boolean isKey, String deserializer, byte[] data,
                                                 Exception exception, Headers headers) {
        metrics.deadLettered();
        LOG.warnf("undecodable %s of %d bytes on %s goes to the dead-letter topic: %s", isKey ? "key" : "job",
                data == null ? 0 : data.length, topic, exception.getMessage());
        return null;
    }
}
