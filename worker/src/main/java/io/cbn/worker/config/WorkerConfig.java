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

    /**
     * How long a root may be held (source root gone, output root unwritable) before its parked jobs end FAILED with
     * the hold's reason code, counted from when the hold began (docs/design.md, "Faults, holds and poison jobs").
     */
    @WithDefault("6h")
    Duration holdTimeout();

    /** Attempts of one job that may die with their worker before the job ends FAILED WORKER_CRASHED. */
    @WithDefault("3")
    int maxAttempts();

    /**
     * Added to a job's own {@code timeoutMs} before its conversion is abandoned (FAILED TIMEOUT) from outside: the
     * converter checks the same limit between its stages and normally ends first, cleanly.
     */
    @WithDefault("5s")
    Duration timeoutGrace();

    /** Abandoned conversions still running at which the worker's liveness turns DOWN (it is restarted). */
    @WithDefault("2")
    int stuckThreadLimit();

    /**
     * Path prefixes a job's source root and output root must lie under (docs/design.md, Security): a job naming any
     * other root is REJECTED {@code ROOT_NOT_ALLOWED} before any file is opened, so a forged job can not make the
     * worker read or write outside its volumes. Empty: every root is allowed, which the prod profile refuses to start
     * with ({@code /} allows everything on purpose).
     */
    Optional<java.util.List<String>> allowedRoots();

    /** Cancelled run ids remembered (oldest forgotten first). */
    @WithDefault("10000")
    int cancelledRunsKept();

    Hold hold();

    interface Hold {
        /** First wait before a parked job is tried again; doubles up to {@link #maxBackoff()}. */
        @WithDefault("10s")
        Duration initialBackoff();

        @WithDefault("5m")
        Duration maxBackoff();

        /** HELD notices of one run and root are re-sent at most this often while their count grows. */
        @WithDefault("30s")
        Duration noticeInterval();
    }

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
