package io.cbn.worker.fault;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.cbn.worker.hold.RootHolds;

/**
 * Readiness DOWN only for faults that hit every job (docs/design.md, "Faults, holds and poison jobs"): a fault of the
 * whole worker held by the {@link SystemicFaultGate} (results or parked jobs unpublishable: the broker; consecutive IO
 * failures) or the worker's own temporary directory not writable. A held root (one run's source or output root) is
 * listed in the data but keeps the worker UP: the other roots' jobs keep flowing. Liveness is not touched: a restart
 * would not fix a volume, and restarting every worker would only storm.
 */
@Readiness
@ApplicationScoped
public class SystemicFaultHealthCheck implements HealthCheck {

    static final String NAME = "cbn-worker-systemic-fault";

    @Inject
    SystemicFaultGate gate;

    @Inject
    RootHolds holds;

    private final OutputRootProbe tmpProbe = new OutputRootProbe();

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME);
        var faults = gate.faults();
        for (RootHolds.Hold h : holds.holds()) {
            b.withData("held " + h.root(), h.reason() + " since " + h.since() + ": " + h.detail());
        }
        var tmp = tmpProbe.check(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
        tmp.ifPresent(problem -> b.withData("tmp", "WORKER_TMP_UNWRITABLE: " + problem));
        if (faults.isEmpty() && tmp.isEmpty()) return b.up().build();
        b.down().withData("faults", faults.size() + (tmp.isPresent() ? 1 : 0));
        for (SystemicFaultGate.Fault f : faults) {
            b.withData(f.key(), f.reason() + " since " + f.since() + ": " + f.detail());
        }
        return b.build();
    }
}
