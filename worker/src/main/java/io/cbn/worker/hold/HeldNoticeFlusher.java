package io.cbn.worker.hold;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.cbn.worker.config.WorkerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Every {@code cbn.worker.hold.notice-interval}: the HELD counts that grew since last sent ({@link RootHolds#flush()}). */
@ApplicationScoped
public class HeldNoticeFlusher {

    private static final Logger LOG = Logger.getLogger(HeldNoticeFlusher.class);

    @Inject
    RootHolds holds;

    @Inject
    WorkerConfig config;

    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent ignored) {
        long ms = Math.max(100, config.hold().noticeInterval().toMillis());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cbn-held-notices");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                holds.flush();
            } catch (RuntimeException e) {
                LOG.warnf("held notices not flushed: %s", e);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (timer != null) timer.shutdownNow();
    }
}
