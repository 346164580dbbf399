package io.cbn.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.cbn.deploy.broker.Topics;

/** The producer creates its topics like the local broker and the Kubernetes manifests do. */
class TopicSetupTest {

    @Test
    void configsAgreeWithTheDeployModule() {
        assertEquals(Topics.configs(Topics.JOBS), TopicSetup.jobsConfig());
        assertEquals(Topics.configs(Topics.RUNS), TopicSetup.runsConfig());
        assertEquals(Topics.RUNS_PARTITIONS, TopicSetup.RUNS_PARTITIONS);
    }
}
