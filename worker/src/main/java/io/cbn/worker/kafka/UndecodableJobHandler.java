package io.cbn.worker.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.cbn.schemas.ImageJob;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Value deserialization failure handler of the {@code jobs} channel: an undecodable job becomes a message with a null
 * payload whose headers carry the failure reason, the deserializer and the original bytes; {@link JobProcessor} nacks
 * it and the connector's dead-letter strategy writes the original bytes to {@code cbn.jobs.dlq}.
 *
 * <p>Why not the connector's default route (its handler adds {@code deserialization-failure-dlq}, which makes the
 * source send the record to the DLQ before the commit strategy ever sees it): with the throttled strategy such a
 * record is never committed when it is the last one of its partition, so it is dead-lettered again after every
 * rebalance and counts as lag forever (the autoscaler would never scale to zero). Nacked from the method it was
 * received, acknowledged after the DLQ write, and committed like any other record.
 */
@ApplicationScoped
@Identifier(UndecodableJobHandler.NAME)
public class UndecodableJobHandler implements DeserializationFailureHandler<ImageJob> {

    public static final String NAME = "cbn-undecodable-job";

    private static final Logger LOG = Logger.getLogger(UndecodableJobHandler.class);

    /** Thrown at (nacked with) an undecodable job: its message becomes the {@code dead-letter-reason} header. */
    public static final class UndecodableJobException extends RuntimeException {
        public UndecodableJobException(String reason) {
            super(reason, null, false, false);
        }
    }

    @Override
    public ImageJob decorateDeserialization(Uni<ImageJob> deserialization, String topic, boolean isKey, String deserializer,
                                            byte[] data, Headers headers) {
        return deserialization.onFailure().recoverWithItem(failure -> {
            String reason = failure.getMessage() == null ? failure.toString() : failure.getMessage();
            LOG.warnf("undecodable job of %d bytes on %s: %s", data == null ? 0 : data.length, topic, reason);
            if (headers != null) {
                headers.add(DESERIALIZATION_FAILURE_REASON, reason.getBytes(StandardCharsets.UTF_8));
                headers.add(DESERIALIZATION_FAILURE_DESERIALIZER, deserializer.getBytes(StandardCharsets.UTF_8));
                headers.add(DESERIALIZATION_FAILURE_TOPIC, topic.getBytes(StandardCharsets.UTF_8));
                if (data != null) headers.add(DESERIALIZATION_FAILURE_DATA, data);
            }
            return null;
        }).await().indefinitely();
    }

    /** The deserialization failure of a null-payload job message, if that is why its payload is null. */
    public static Optional<String> failureOf(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getHeaders().lastHeader(DESERIALIZATION_FAILURE_REASON))
                .map(Header::value)
                .map(v -> new String(v, StandardCharsets.UTF_8));
    }
}
