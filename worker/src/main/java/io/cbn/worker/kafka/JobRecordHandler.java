package io.cbn.worker.kafka;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import io.cbn.schemas.ImageJob;
import io.cbn.schemas.codec.AvroCodec;
import io.cbn.schemas.codec.AvroCodecException;
import io.cbn.worker.metrics.WorkerMetrics;

/**
 * One record of cbn.jobs, on a conversion thread: a job runs through {@link JobFlow}; an undecodable record goes to
 * the dead-letter topic with the reason; a tombstone is skipped. Returns whether the record is finished (to commit).
 */
@ApplicationScoped
public class JobRecordHandler {

    private static final Logger LOG = Logger.getLogger(JobRecordHandler.class);
    private static final AvroCodec<ImageJob> JOBS = AvroCodec.of(ImageJob.class);

    @Inject
    JobFlow flow;

    @Inject
    DeadLetters deadLetters;

    @Inject
    WorkerMetrics metrics;

    public boolean handle(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        if (record.value() == null) {
            LOG.warnf("skipping a job message without a value (tombstone) at %s-%d@%d", record.topic(), record.partition(),
                    record.offset());
            return true;
        }
        ImageJob job;
        try {
            job = JOBS.decode(record.value());
        } catch (RuntimeException e) { // AvroCodecException names the reason; anything else is as undecodable
            String reason = "cannot deserialize ImageJob: " + (e instanceof AvroCodecException ? e.getMessage() : e.toString());
            LOG.warnf("undecodable job of %d bytes at %s-%d@%d goes to the dead-letter topic: %s", record.value().length,
                    record.topic(), record.partition(), record.offset(), reason);
            if (!deadLetters.send(record, reason)) return false;
            metrics.deadLettered();
            return true;
        }
        return flow.process(job, Optional.empty(), record.partition());
    }
}
