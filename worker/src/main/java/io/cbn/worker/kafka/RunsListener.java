package io.cbn.worker.kafka;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.cbn.schemas.RunNotice;
import io.cbn.schemas.codec.AvroCodec;
import io.cbn.schemas.codec.AvroCodecException;
import io.cbn.worker.job.CancelledRuns;

/**
 * Reads cbn.runs (channel {@code runs}, a consumer group of its own per worker process, from the beginning) for
 * RunNotice CANCEL: the run joins {@link CancelledRuns} and every later job of it ends FAILED CANCELLED without being
 * converted. RunEvents and the other notices on the topic are skipped: the two record types are told apart by their
 * schema fingerprint (docs/design.md, Messages).
 */
@ApplicationScoped
public class RunsListener {

    static final String CANCEL = "CANCEL";

    private static final Logger LOG = Logger.getLogger(RunsListener.class);
    private static final AvroCodec<RunNotice> NOTICES = AvroCodec.of(RunNotice.class);

    @Inject
    CancelledRuns cancelled;

    @Incoming("runs")
    public CompletionStage<Void> onRunRecord(Message<byte[]> message) {
        byte[] value = message.getPayload();
        if (value != null && NOTICES.recognises(value)) {
            try {
                RunNotice n = NOTICES.decode(value);
                if (CANCEL.equals(n.getKind()) && !cancelled.isCancelled(n.getRunId())) {
                    cancelled.cancel(n.getRunId());
                    LOG.infof("run %s cancelled (by %s): its later jobs end FAILED CANCELLED", n.getRunId(), n.getOrigin());
                }
            } catch (AvroCodecException e) {
                LOG.warnf("skipping an undecodable run notice: %s", e.getMessage());
            }
        }
        return message.ack();
    }
}
