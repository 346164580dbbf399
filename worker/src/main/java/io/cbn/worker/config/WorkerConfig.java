package io.cbn.worker.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every setting of the worker's own logic ({@code cbn.worker.*}). Kafka topics and client settings live under
 * {@code mp.messaging.*} in application.properties.
 */
@ConfigMapping(prefix = "cbn.worker")
public interface WorkerConfig {

    /** Stamped on every result. Empty: {@code <hostname>-<pid>}. */
    Optional<String> workerId();

    /**
     * Conversions in parallel (the size of the {@code cbn-convert} worker pool and the consumer's
     * {@code max.poll.records}). Default: the number of cores, supplied by {@link AvailableProcessorsConfigSource}.
     */
    int concurrency();

    /** Retries of transient failures (converter IO_ERROR, result sends). */
    Retry retry();

    SystemicFault systemicFault();

    /** On SIGTERM: how long in-flight jobs may take to finish before they are handed back un-acked. */
    @WithDefault("130s")
    Duration drainTimeout();

    /** Longest wait for the broker to acknowledge one result send (the producer retries inside it). */
    @WithDefault("45s")
    Duration sendTimeout();

    interface Retry {
        /** Tries in all, the first included. */
        @WithDefault("3")
        int attempts();

        @WithDefault("500ms")
        Duration initialBackoff();

        @WithDefault("4s")
        Duration maxBackoff();
    }

    interface SystemicFault {
        /** Consecutive jobs ending in IO_ERROR (after their retries) that count as a systemic fault. */
        @WithDefault("3")
        int ioFailureThreshold();

        /** First wait between two probes of a faulty output root; doubles up to {@link #probeMaxInterval()}. */
        @WithDefault("1s")
        Duration probeInitialInterval();

        @WithDefault("30s")
        Duration probeMaxInterval();
    }
}
