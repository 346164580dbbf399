package io.cbn.worker.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.cbn.schemas.JobResult;
import io.cbn.worker.config.WorkerConfig;
import io.cbn.worker.job.ResultPublisher;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;

/** Sends a result on the {@code results} channel keyed by job id and waits for the broker's acknowledgement. */
@ApplicationScoped
public class KafkaResultSender implements ResultPublisher.Sender {

    @Inject
    @Channel("results")
    MutinyEmitter<JobResult> emitter;

    @Inject
    WorkerConfig config;

    @Override
    public void send(JobResult result) {
        Message<JobResult> message = Message.of(result)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(result.getJobId()).build());
        emitter.sendMessage(message).await().atMost(config.sendTimeout());
    }
}
