package io.cbn.worker;

import java.time.Clock;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.cbn.worker.build.BuildInfo;
import io.cbn.worker.config.WorkerConfig;
import io.cbn.worker.fault.OutputRootProbe;
import io.cbn.worker.fault.SourceRootProbe;
import io.cbn.worker.fault.SystemicFaultGate;
import io.cbn.worker.hold.RootHolds;
import io.cbn.worker.job.AttemptMarkers;
import io.cbn.worker.job.Backoff;
import io.cbn.worker.job.CancelledRuns;
import io.cbn.worker.job.ConversionRunner;
import io.cbn.worker.job.OutputManifests;
import io.cbn.worker.job.ConversionEngine;
import io.cbn.worker.job.AllowedRoots;
import io.cbn.worker.job.JobHandler;
import io.cbn.worker.job.ResultMapper;
import io.cbn.worker.job.ResultPublisher;
import io.cbn.worker.kafka.KafkaNoticeSender;
import io.cbn.worker.kafka.KafkaResultSender;

/** Builds the plain-Java parts from configuration. */
@Singleton
public class WorkerBeans {

    @Produces
    @Singleton
    WorkerId workerId(WorkerConfig config) {
        return WorkerId.resolve(config.workerId());
    }

    @Produces
    @Singleton
    BuildInfo buildInfo(@ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        return BuildInfo.fromClasspath(Thread.currentThread().getContextClassLoader(), version);
    }

    @Produces
    @Singleton
    SystemicFaultGate gate(WorkerConfig config) {
        return new SystemicFaultGate(config.systemicFault().ioFailureThreshold(), Clock.systemUTC());
    }

    @Produces
    @Singleton
    RootHolds rootHolds(WorkerConfig config, WorkerId workerId, KafkaNoticeSender notices) {
        return new RootHolds(workerId.value(), config.hold().noticeInterval(), Clock.systemUTC(), notices);
    }

    @Produces
    @Singleton
    CancelledRuns cancelledRuns(WorkerConfig config) {
        return new CancelledRuns(config.cancelledRunsKept());
    }

    @Produces
    @Singleton
    AttemptMarkers attemptMarkers(WorkerId workerId) {
        return new AttemptMarkers(workerId.value(), Clock.systemUTC());
    }

    @Produces
    @Singleton
    ConversionRunner conversionRunner() {
        return new ConversionRunner();
    }

    void closeRunner(@Disposes ConversionRunner runner) {
        runner.close();
    }

    @Produces
    @Singleton
    JobHandler jobHandler(WorkerConfig config, WorkerId workerId, BuildInfo build, SystemicFaultGate gate,
                          WorkerLifecycle lifecycle, RootHolds holds, CancelledRuns cancelled, AttemptMarkers markers,
                          ConversionRunner runner) {
        return new JobHandler(ConversionEngine.converter(), new ResultMapper(workerId.value(), build, Clock.systemUTC()),
                new OutputRootProbe(), new SourceRootProbe(), gate, holds, cancelled, markers, runner,
                new OutputManifests(build.version() + " " + build.commit(), Clock.systemUTC()), workerId.value(),
                new JobHandler.Limits(config.retry().attempts(), config.maxAttempts(), config.holdTimeout(), config.timeoutGrace(),
                        config.allowedRoots().map(AllowedRoots::of).orElse(AllowedRoots.any())),
                retryBackoff(config), probeBackoff(config), lifecycle, lifecycle::isStopping, Clock.systemUTC());
    }

    @Produces
    @Singleton
    ResultPublisher resultPublisher(WorkerConfig config, KafkaResultSender sender, SystemicFaultGate gate,
                                    WorkerLifecycle lifecycle) {
        return new ResultPublisher(sender, gate, config.retry().attempts(), retryBackoff(config), probeBackoff(config),
                lifecycle, lifecycle::isStopping);
    }

    private static Backoff retryBackoff(WorkerConfig config) {
        return new Backoff(config.retry().initialBackoff(), config.retry().maxBackoff());
    }

    private static Backoff probeBackoff(WorkerConfig config) {
        return new Backoff(config.systemicFault().probeInitialInterval(), config.systemicFault().probeMaxInterval());
    }
}
