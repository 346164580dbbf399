package io.cbn.aggregator.service;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** All of the aggregator's own settings ({@code cbn.aggregator.*}); Kafka client settings are {@code kafka.*}. */
@ConfigMapping(prefix = "cbn.aggregator")
public interface AggregatorConfig {

    /** Topic with RunEvent OPENED/SEALED, keyed by runId. */
    @WithDefault("cbn.runs")
    String topicRuns();

    /** Topic with JobResult, keyed by jobId. */
    @WithDefault("cbn.results")
    String topicResults();

    /** A sealed run with jobs outstanding and no new event for this long is INCOMPLETE. */
    @WithDefault("PT30M")
    Duration stallTimeout();

    /** A changed run's files are rewritten at most this often (state changes are written at once). */
    @WithDefault("PT1S")
    Duration writeDebounce();

    /** Re-hash every CREATED output before a run is COMPLETE (needs the output volume mounted). */
    @WithDefault("true")
    boolean verifyOutputs();

    /** How often the report publisher looks at the runs. */
    @WithDefault("PT0.2S")
    Duration publishInterval();

    /** Longest wait of one consumer poll. */
    @WithDefault("PT0.5S")
    Duration pollTimeout();

    /** How often to look for new partitions of the topics (missing topics are looked for at every poll). */
    @WithDefault("PT5S")
    Duration metadataRefresh();
}
