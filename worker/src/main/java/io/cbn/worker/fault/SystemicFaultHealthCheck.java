package io.cbn.worker.fault;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness DOWN while a systemic fault holds consumption, with each fault's reason in the data. Liveness is not
 * touched: a restart would not fix an unwritable volume, and restarting every worker would only storm.
 */
@Readiness
@ApplicationScoped
public class SystemicFaultHealthCheck implements HealthCheck {

    static final String NAME = "cbn-worker-systemic-fault";

    @Inject
    SystemicFaultGate gate;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME);
        var faults = gate.faults();
        if (faults.isEmpty()) return b.up().build();
        b.down().withData("faults", faults.size());
        for (SystemicFaultGate.Fault f : faults) {
            b.withData(f.key(), f.reason() + " since " + f.since() + ": " + f.detail());
        }
        return b.build();
    }
}
