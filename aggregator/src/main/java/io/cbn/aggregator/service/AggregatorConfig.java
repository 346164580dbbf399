package io.cbn.aggregator.service;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** All of the aggregator's own settings ({@code cbn.aggregator.*}); Kafka client settings are {@code kafka.*}. */
@ConfigMapping(prefix = "cbn.aggregator")
public interface AggregatorConfig {

    /** Topic with RunEvent OPENED/SEALED and RunNotice, keyed by runId. */
    @WithDefault("cbn.runs")
    String topicRuns();

    /** Topic with JobResult, keyed by jobId. */
    @WithDefault("cbn.results")
    String topicResults();

    /** A sealed run with jobs outstanding and no new event for this long is INCOMPLETE. */
    @WithDefault("PT30M")
    Duration stallTimeout();

    /** A changed run's summary files are rewritten at most this often (state changes are written at once). */
    @WithDefault("PT1S")
    Duration writeDebounce();

    /**
     * What is checked of every CREATED output when a run reaches zero outstanding: NONE, STAT (exists
     * with the recorded size) or SHA256 (also the content); {@code true}/{@code false} mean SHA256/NONE.
     * STAT by default: cheap enough for a million items, and the full re-hash is {@code cbn verify}.
     */
    @WithDefault("STAT")
    String verifyOutputs();

    /** Threads for the completion-time output check. */
    @WithDefault("2")
    int verifyThreads();

    /** Where the checkpoint and the closed-run index live (docs/design.md, "Aggregator state"). */
    @WithDefault("aggregator-state")
    Path stateDir();

    /** A checkpoint is written at most this often while messages arrive (and at every run close). */
    @WithDefault("PT10S")
    Duration checkpointInterval();

    /** Messages of runs whose OPENED has not arrived kept aside at most (the oldest run's are dropped beyond). */
    @WithDefault("100000")
    int maxUnknownRecords();

    /** Closed runs kept in the in-memory index (about 300 bytes each); all stay in closed-runs.jsonl. */
    @WithDefault("10000")
    int closedRunsKept();

    /** Longest wait of one consumer poll; also how often the periodic work runs when idle. */
    @WithDefault("PT0.5S")
    Duration pollTimeout();

    /** The dashboard served at {@code /} (docs/design.md, "Dashboard"). */
    Dashboard dashboard();

    interface Dashboard {
        /** Runs per page of the run list, items per page of a run's tables and thumbnail grid. */
        @WithDefault("25")
        int pageSize();

        /** Longest side of a thumbnail, px. */
        @WithDefault("160")
        int thumbnailSize();

        /** Thumbnails made at once (the rest wait up to 10 s, then get 503). */
        @WithDefault("2")
        int thumbnailThreads();

        /** How often an open run's page gets its live update (server-sent events). */
        @WithDefault("PT1S")
        Duration liveInterval();
    }

    /** How often to look for new partitions of the topics (missing topics are looked for at every poll). */
    @WithDefault("PT5S")
    Duration metadataRefresh();

    /** The HTTP login (docs/design.md, Security): who may see the dashboard, {@code /runs} and the outputs. */
    Http http();

    /** {@code cbn.aggregator.http.*}. */
    interface Http {
        /**
         * The users file: {@code name=HEX(MD5(name ":" realm ":" password))} a line (or {@code name=password} with
         * {@link #plainText()}), the format of Quarkus' properties-file realm. Read at start (and again when it changes).
         */
        Optional<Path> usersFile();

        /** The roles file, {@code name=role[,role...]} a line; default {@code roles.properties} beside the users file. */
        Optional<Path> rolesFile();

        /** The realm of the password hashes (and of the Basic challenge). */
        @WithDefault("cbn")
        String realm();

        /** Passwords in the users file are plain text instead of hashes (tests and throwaway setups only). */
        @WithDefault("false")
        boolean plainText();

        /** Refuse to start without a readable users file (true in prod; dev and test may run without users). */
        @WithDefault("true")
        boolean usersRequired();
    }
}
