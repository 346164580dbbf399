package io.cbn.worker.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.cbn.worker.WorkerLifecycle;
import io.cbn.worker.config.WorkerConfig;
import io.cbn.worker.job.Backoff;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Writes an undecodable job record to the dead-letter topic (channel {@code dead-letters}, cbn.jobs.dlq): its original
 * key, bytes and headers, plus {@code dead-letter-reason}, {@code dead-letter-topic}, {@code -partition} and
 * {@code -offset}. Returns once the broker acknowledged it, so the record can then be committed like any job: never
 * dead-lettered twice, never counted as lag forever (docs/design.md, "The jobs consumer").
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    @Channel("dead-letters")
    MutinyEmitter<byte[]> emitter;

    @Inject
    WorkerConfig config;

    @Inject
    WorkerLifecycle lifecycle;

    /** True once the dead letter is acknowledged by the broker; false when the worker stopped first. */
    public boolean send(ConsumerRecord<String, byte[]> record, String reason) throws InterruptedException {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("dead-letter-reason", utf8(reason));
        headers.add("dead-letter-topic", utf8(record.topic()));
        headers.add("dead-letter-partition", utf8(Integer.toString(record.partition())));
        headers.add("dead-letter-offset", utf8(Long.toString(record.offset())));
        Backoff backoff = new Backoff(config.retry().initialBackoff(), config.retry().maxBackoff());
        Duration wait = backoff.initial();
        while (true) {
            try {
                Message<byte[]> m = Message.of(record.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(record.key()).withHeaders(headers).build());
                emitter.sendMessage(m).await().atMost(config.sendTimeout());
                return true;
            } catch (RuntimeException e) {
                LOG.warnf("dead letter of %s-%d@%d not written, retrying in %s: %s", record.topic(), record.partition(),
                        record.offset(), wait, e.toString());
            }
            if (lifecycle.isStopping()) return false;
            lifecycle.sleep(wait);
            if (lifecycle.isStopping()) return false;
            wait = backoff.next(wait);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
