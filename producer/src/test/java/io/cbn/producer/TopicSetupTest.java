package io.cbn.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.cbn.deploy.broker.KafkaBrokerExtension;
import io.cbn.deploy.broker.TopicCheck;
import io.cbn.deploy.broker.Topics;

/** cbn enqueue creates every topic of the one table and refuses a cluster whose topics disagree with it (real broker). */
class TopicSetupTest {

    /** A broker with no topics: the producer creates them. */
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension(Map.of());

    @Test
    void createsEveryTopicOfTheTableWithItsConfigsAndAcceptsThemAgain() throws Exception {
        Map<String, String> renamed = Map.of(Topics.JOBS, "t1.jobs", Topics.RUNS, "t1.runs", Topics.JOBS_RETRY, "t1.jobs.retry",
                Topics.RESULTS, "t1.results", Topics.JOBS_DLQ, "t1.jobs.dlq");
        List<String> warnings = new ArrayList<>();
        List<String> created = TopicSetup.ensure(KAFKA.bootstrapServers(), renamed, 3, 30_000, warnings::add);
        assertEquals(List.of("t1.jobs", "t1.jobs.retry", "t1.results", "t1.runs", "t1.jobs.dlq"), created);
        assertEquals(List.of(), warnings, "the local broker's configs are readable");
        try (Admin admin = admin()) {
            Map<String, TopicDescription> d = admin.describeTopics(Set.copyOf(created)).allTopicNames().get(30, TimeUnit.SECONDS);
            assertEquals(3, d.get("t1.jobs").partitions().size());
            assertEquals(3, d.get("t1.jobs.retry").partitions().size());
            assertEquals(Topics.RESULTS_PARTITIONS, d.get("t1.results").partitions().size());
            assertEquals(1, d.get("t1.runs").partitions().size());
            var config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, "t1.results")))
                    .all().get(30, TimeUnit.SECONDS).values().iterator().next();
            assertEquals(String.valueOf(Topics.LEDGER_RETENTION.toMillis()), config.get("retention.ms").value(), "finite ledger retention");
        }
        assertEquals(List.of(), TopicSetup.ensure(KAFKA.bootstrapServers(), renamed, 3, 30_000, warnings::add), "second time: all exist");
    }

    @Test
    void refusesTopicsThatDisagreeNamingEachProblem() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(
                    new NewTopic("t2.runs", 3, (short) 1).configs(Map.of("cleanup.policy", "delete")),
                    new NewTopic("t2.jobs", 2, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic("t2.results", 2, (short) 1).configs(Map.of("cleanup.policy", "delete", "retention.ms", "3600000"))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        Map<String, String> renamed = Map.of(Topics.JOBS, "t2.jobs", Topics.RUNS, "t2.runs", Topics.JOBS_RETRY, "t2.jobs.retry",
                Topics.RESULTS, "t2.results", Topics.JOBS_DLQ, "t2.jobs.dlq");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TopicSetup.ensure(KAFKA.bootstrapServers(), renamed, 2, 30_000, w -> { }));
        String m = e.getMessage();
        assertTrue(m.contains("topic t2.runs has 3 partitions, cbn needs exactly 1"), m);
        assertTrue(m.contains("topic t2.jobs has cleanup.policy=compact, cbn needs delete"), m);
        assertTrue(m.contains("topic t2.results has retention.ms=3600000, cbn needs at least " + Topics.LEDGER_RETENTION.toMillis()), m);
        assertTrue(m.contains("nothing was published"), m);
    }

    @Test
    void theLocalBrokerKeepsConsumerOffsetsAtLeastAsLongAsEveryTopic() {
        assertTrue(Topics.TABLE.stream().allMatch(s -> s.retention().compareTo(Topics.OFFSETS_RETENTION) <= 0));
        try (Admin admin = admin()) {
            assertEquals(List.of(), TopicCheck.offsetRetentionProblems(admin, Topics.OFFSETS_RETENTION, 30_000,
                    w -> { throw new AssertionError(w); }));
            assertEquals(1, TopicCheck.offsetRetentionProblems(admin, Topics.OFFSETS_RETENTION.plusDays(1), 30_000, w -> { }).size());
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()));
    }
}
