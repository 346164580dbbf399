package io.cbn.worker.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.cbn.schemas.RunNotice;
import io.cbn.worker.hold.RootHolds;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends RunNotices (HELD, RELEASED) on cbn.results keyed by runId (channel {@code notices}). Without waiting: a notice
 * is information for the aggregator; the count it carries is re-sent as it grows, so a lost one is repaired by the next.
 */
@ApplicationScoped
public class KafkaNoticeSender implements RootHolds.NoticeSender {

    private static final Logger LOG = Logger.getLogger(KafkaNoticeSender.class);

    @Inject
    @Channel("notices")
    MutinyEmitter<RunNotice> emitter;

    @Override
    public void send(RunNotice notice) {
        Message<RunNotice> m = Message.of(notice)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(notice.getRunId()).build());
        emitter.sendMessage(m).subscribe().with(
                ok -> LOG.debugf("run notice %s %s sent for run %s", notice.getKind(), notice.getRoot(), notice.getRunId()),
                e -> LOG.warnf("run notice %s %s for run %s not sent: %s", notice.getKind(), notice.getRoot(), notice.getRunId(), e));
    }
}
