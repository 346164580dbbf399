package io.cbn.e2e.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** KEDA autoscaling against the worker's consumer group and the topics' partitions; topic retention for the ledger. */
class ScalingAndTopicsManifestTest extends ManifestFixture {

    @ParameterizedTest
    @MethodSource("targets")
    void kedaScalesOnTheWorkersOwnConsumerGroupAndTopic(String target) {
        Kustomize.Rendered r = render(target);
        List<Map<String, Object>> scaled = r.ofKind("ScaledObject");
        assertEquals(1, scaled.size(), target + ": one ScaledObject (the workers)");
        Map<String, Object> so = scaled.get(0);
        Map<String, Object> worker = r.get("Deployment", Yamls.str(Yamls.at(so, "spec.scaleTargetRef.name")));
        Map<String, Object> c = Manifests.containers(worker).get(0);
        assertEquals("worker", module(c, target + " ScaledObject target"), target + ": the ScaledObject must scale the workers");
        Map<String, String> env = env(r, c);
        Map<String, String> sys = sysProps(env);
        AppConfig app = app("worker");
        Map<String, Object> trigger = kafkaTrigger(so, target);
        assertEquals(app.value("mp.messaging.incoming.jobs.group.id", env, sys), Yamls.str(Yamls.at(trigger, "metadata.consumerGroup")),
            target + ": KEDA consumerGroup must be the workers' group (mp.messaging.incoming.jobs.group.id)");
        assertEquals(app.value("mp.messaging.incoming.jobs.topic", env, sys), Yamls.str(Yamls.at(trigger, "metadata.topic")),
            target + ": KEDA topic must be the workers' topic (mp.messaging.incoming.jobs.topic)");
        String bootstrap = app.value("mp.messaging.incoming.jobs.bootstrap.servers", env, sys);
        if (bootstrap == null) bootstrap = app.value("kafka.bootstrap.servers", env, sys);
        assertEquals(bootstrap, Yamls.str(Yamls.at(trigger, "metadata.bootstrapServers")),
            target + ": KEDA must read lag from the cluster the workers consume from (kafka.bootstrap.servers)");
        String reset = app.value("mp.messaging.incoming.jobs.auto.offset.reset", env, sys);
        assertEquals(reset == null ? "latest" : reset, Yamls.str(Yamls.at(trigger, "metadata.offsetResetPolicy")),
            target + ": KEDA offsetResetPolicy must match the workers' auto.offset.reset, or a new group's lag is misjudged");
    }

    @ParameterizedTest
    @MethodSource("targets")
    void workersNeverOutnumberTheJobPartitions(String target) {
        Kustomize.Rendered r = render(target);
        Map<String, Object> so = r.ofKind("ScaledObject").get(0);
        String topic = Yamls.str(Yamls.at(kafkaTrigger(so, target), "metadata.topic"));
        int partitions = partitions(topic(r, topic, target));
        int max = ((Number) Yamls.at(so, "spec.maxReplicaCount")).intValue();
        Object minValue = Yamls.at(so, "spec.minReplicaCount");
        int min = minValue == null ? 0 : ((Number) minValue).intValue();
        assertTrue(max <= partitions, target + ": maxReplicaCount " + max + " > " + partitions + " partitions of " + topic
            + ": the extra workers would sit idle");
        assertTrue(min <= max, target + ": minReplicaCount " + min + " > maxReplicaCount " + max);
    }

    @ParameterizedTest
    @MethodSource("targets")
    void lagThresholdExceedsWhatOneWorkerHoldsInFlight(String target) {
        Kustomize.Rendered r = render(target);
        Map<String, Object> so = r.ofKind("ScaledObject").get(0);
        Map<String, Object> worker = workerDeployment(r);
        Map<String, Object> c = Manifests.containers(worker).get(0);
        int concurrency = workerConcurrency(r, c, target);
        Map<String, String> env = env(r, c);
        String pollValue = app("worker").value("mp.messaging.incoming.jobs.max.poll.records", env, sysProps(env));
        int maxPoll = pollValue == null ? 500 : Integer.parseInt(pollValue);
        // throttled commits: running (concurrency) + queued by the connector (up to 2 x max.poll.records) are uncommitted
        int inFlight = concurrency + 2 * maxPoll;
        int threshold = Integer.parseInt(Yamls.str(Yamls.at(kafkaTrigger(so, target), "metadata.lagThreshold")));
        assertTrue(threshold > inFlight, target + ": lagThreshold " + threshold + " <= the " + inFlight
            + " records a busy worker holds uncommitted itself: workers would scale on their own in-flight work");
    }

    @ParameterizedTest
    @MethodSource("targets")
    void autoscalerOwnsTheWorkerCountAndScalesDownSlowly(String target) {
        Kustomize.Rendered r = render(target);
        Map<String, Object> so = r.ofKind("ScaledObject").get(0);
        Object window = Yamls.at(so, "spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds");
        assertTrue(window instanceof Number n && n.intValue() > 0, target + ": set a scale-down stabilization window");
        Map<String, Object> worker = workerDeployment(r);
        assertFalse(((Map<?, ?>) worker.get("spec")).containsKey("replicas"), target + ": the worker Deployment must not set"
            + " replicas: every kubectl apply would reset what KEDA chose");
        boolean pdb = r.ofKind("PodDisruptionBudget").stream().anyMatch(p -> selects(Yamls.mapAt(p, "spec.selector.matchLabels"), Manifests.podLabels(worker)));
        assertTrue(pdb, target + ": no PodDisruptionBudget covers the workers");
        for (Map<String, Object> d : r.ofKind("Deployment")) {
            Map<String, Object> c = Manifests.containers(d).get(0);
            if (!module(c, target).equals("aggregator")) continue;
            assertEquals(1, ((Number) Yamls.at(d, "spec.replicas")).intValue(), target + ": exactly one aggregator (it writes the report files)");
            assertEquals("Recreate", Yamls.at(d, "spec.strategy.type"), target + ": a rolling update would run two aggregators writing the same reports");
        }
    }

    // ------------------------------------------------------------------ Kafka topics

    @ParameterizedTest
    @MethodSource("targets")
    void topicsExistForEverythingTheAppsUseAndKeepTheLedger(String target) {
        Kustomize.Rendered r = render(target);
        Set<String> declared = new TreeSet<>();
        Set<String> clusters = new TreeSet<>();
        for (Map<String, Object> t : r.ofKind("KafkaTopic")) {
            String name = topicName(t);
            declared.add(name);
            Map<String, Object> labels = Yamls.mapAt(t, "metadata.labels");
            assertTrue(labels != null && labels.get("strimzi.io/cluster") != null,
                target + " topic " + name + ": no strimzi.io/cluster label: no Topic Operator will create it");
            clusters.add(Yamls.str(labels.get("strimzi.io/cluster")));
            String where = target + " topic " + name;
            Map<String, Object> config = Yamls.mapAt(t, "spec.config");
            assertNotNull(config, where + ": no config");
            assertNotNull(config.get("cleanup.policy"), where + ": state cleanup.policy explicitly");
            assertNotNull(config.get("retention.ms"), where + ": state retention.ms explicitly");
            int replicas = ((Number) Yamls.at(t, "spec.replicas")).intValue();
            Object isr = config.get("min.insync.replicas");
            if (isr != null) {
                assertTrue(Integer.parseInt(String.valueOf(isr)) <= replicas, where + ": min.insync.replicas " + isr + " > replicas "
                    + replicas + ": every acks=all write would be refused");
            }
            if (LEDGER_TOPICS.contains(name)) {
                long ms = Long.parseLong(String.valueOf(config.get("retention.ms")));
                assertTrue(ms > 0, where + ": finite retention (closed runs live in their files, docs/design.md, Aggregator state), got " + ms);
                assertTrue(ms >= io.cbn.deploy.broker.Topics.JOBS_RETENTION.toMillis(), where + ": results and run events must outlive"
                    + " the jobs that make them (a run is open as long as its jobs are kept)");
                assertEquals("delete", String.valueOf(config.get("cleanup.policy")), where + ": compaction would drop records the ledger counts");
                Object bytes = config.get("retention.bytes");
                assertTrue(bytes == null || "-1".equals(String.valueOf(bytes)), where + ": a size limit would delete ledger records");
            }
            io.cbn.deploy.broker.Topics.spec(name).ifPresent(spec -> spec.configs().forEach((key, value) ->
                assertEquals(value, String.valueOf(config.get(key)), where + " " + key + ": the one topic table (io.cbn.deploy.broker.Topics)"
                    + " and the manifests must agree")));
        }
        assertTrue(declared.containsAll(CONTRACT_TOPICS), target + ": missing KafkaTopics " + diff(CONTRACT_TOPICS, declared));

        Map<String, Object> wc = Manifests.containers(workerDeployment(r)).get(0);
        Map<String, String> wenv = env(r, wc);
        Map<String, String> wsys = sysProps(wenv);
        Set<String> used = new TreeSet<>();
        for (String key : List.of("mp.messaging.incoming.jobs.topic", "mp.messaging.outgoing.results.topic",
            "mp.messaging.incoming.jobs.dead-letter-queue.topic")) {
            used.add(app("worker").value(key, wenv, wsys));
        }
        for (Map<String, Object> d : r.ofKind("Deployment")) {
            Map<String, Object> c = Manifests.containers(d).get(0);
            if (!module(c, target).equals("aggregator")) continue;
            Map<String, String> aenv = env(r, c);
            for (String key : List.of("cbn.aggregator.topic-runs", "cbn.aggregator.topic-results")) {
                used.add(app("aggregator").value(key, aenv, sysProps(aenv)));
            }
        }
        assertTrue(declared.containsAll(used), target + ": the apps use topics no KafkaTopic creates: " + diff(used, declared));

        assertEquals(1, clusters.size(), target + ": every KafkaTopic must name the same strimzi.io/cluster: " + clusters);
        String cluster = clusters.iterator().next();
        String bootstrap = app("worker").value("kafka.bootstrap.servers", wenv, wsys);
        assertTrue(bootstrap != null && bootstrap.startsWith(cluster + "-kafka-bootstrap"), target + ": the apps connect to "
            + bootstrap + " but the topics belong to Strimzi cluster " + cluster);
    }

    @Test
    void baseTopicsAreTheTopicsOfTheLocalBroker() {
        // ./cbn run and the tests use io.cbn.deploy.broker.Topics: a cluster must behave like what was tested
        Kustomize.Rendered r = render("base");
        Map<String, Integer> partitions = io.cbn.deploy.broker.Topics.defaults(io.cbn.deploy.broker.Topics.DEFAULT_PARTITIONS);
        assertEquals(partitions.keySet(), CONTRACT_TOPICS, "the local broker's topics");
        for (Map.Entry<String, Integer> e : partitions.entrySet()) {
            Map<String, Object> t = topic(r, e.getKey(), "base");
            assertEquals(e.getValue().intValue(), partitions(t), "base " + e.getKey() + " partitions");
            Map<String, Object> config = Yamls.mapAt(t, "spec.config");
            io.cbn.deploy.broker.Topics.configs(e.getKey()).forEach((key, value) ->
                assertEquals(value, String.valueOf(config.get(key)), "base " + e.getKey() + " " + key));
        }
    }

    /** Results of one job stay on one partition in write order: one count everywhere, fixed at creation. */
    @ParameterizedTest
    @MethodSource("targets")
    void partitionCountsFollowTheTopicTable(String target) {
        Kustomize.Rendered r = render(target);
        assertEquals(io.cbn.deploy.broker.Topics.RESULTS_PARTITIONS, partitions(topic(r, "cbn.results", target)),
            target + ": cbn.results has the same partition count in every overlay (io.cbn.deploy.broker.Topics.RESULTS_PARTITIONS)");
        assertEquals(1, partitions(topic(r, "cbn.runs", target)), target + ": cbn.runs is one total order");
        assertEquals(partitions(topic(r, "cbn.jobs", target)), partitions(topic(r, "cbn.jobs.retry", target)),
            target + ": cbn.jobs.retry has as many partitions as cbn.jobs (the same workers read both)");
    }

    /**
     * Consumer offsets must outlive every topic a group reads: expired offsets send an idle worker group back to
     * {@code earliest}, and it converts every retained job again. The cluster is the user's (Strimzi), so its
     * required broker setting is in deploy/k8s/README.md, checked here against the topics and the local broker's.
     */
    @Test
    void theClusterDocsKeepConsumerOffsetsAtLeastAsLongAsEveryTopic() throws IOException {
        String readme = Files.readString(K8S.resolve("README.md"));
        Matcher m = Pattern.compile("offsets\\.retention\\.minutes:\\s*(\\d+)").matcher(readme);
        assertTrue(m.find(), "deploy/k8s/README.md states the Kafka cluster's offsets.retention.minutes");
        long minutes = Long.parseLong(m.group(1));
        assertEquals(io.cbn.deploy.broker.Topics.OFFSETS_RETENTION.toMinutes(), minutes, "the README's value is the local broker's");
        for (String target : targets().toList()) {
            for (Map<String, Object> t : render(target).ofKind("KafkaTopic")) {
                long ms = Long.parseLong(String.valueOf(Yamls.mapAt(t, "spec.config").get("retention.ms")));
                assertTrue(ms > 0 && Duration.ofMinutes(minutes).toMillis() >= ms, target + " topic " + topicName(t) + ": retention.ms " + ms
                    + " outlives consumer offsets (offsets.retention.minutes " + minutes + ")");
            }
        }
    }

    // ------------------------------------------------------------------ volumes, selectors, ports
}
