package io.cbn.worker.job;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.cbn.worker.config.WorkerConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Says at start which roots this worker will touch ({@code cbn.worker.allowed-roots}, docs/design.md, Security), and
 * warns when it is unrestricted: every deployment sets it (the Kubernetes manifests to the mounted volumes, a test
 * checks it; {@code ./cbn run} to the run's source and output paths).
 */
@Singleton
public class AllowedRootsCheck {

    private static final Logger LOG = Logger.getLogger(AllowedRootsCheck.class);

    void onStart(@Observes StartupEvent event, WorkerConfig config) {
        AllowedRoots roots = config.allowedRoots().map(AllowedRoots::of).orElse(AllowedRoots.any());
        if (roots.restricts()) {
            LOG.infof("jobs may name source and output roots under %s only (cbn.worker.allowed-roots)", config.allowedRoots().get());
        } else {
            LOG.warn("cbn.worker.allowed-roots is not set: this worker reads and writes any root a job names. Set it to the"
                    + " source and output volumes (CBN_WORKER_ALLOWED_ROOTS=/data/source,/data/output)");
        }
    }
}
