package io.cbn.deploy.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on a secured cluster (docs/design.md, "Security"): least privilege per cbn user.
 * <ul>
 * <li>producer: write {@code cbn.jobs} and {@code cbn.runs}, read {@code cbn.runs} ({@code cbn retry} reads the
 * original run's OPENED); create and describe every cbn topic (so {@code cbn enqueue} can create or validate them);
 * read the brokers' configs (describe-configs on the cluster: {@code cbn enqueue} checks their consumer-offset
 * retention);</li>
 * <li>worker: read {@code cbn.jobs}, {@code cbn.jobs.retry} and {@code cbn.runs} (cancel notices) in groups named
 * {@code cbn-*}; write {@code cbn.results}, {@code cbn.jobs.dlq}, {@code cbn.jobs.retry}; never {@code cbn.runs};</li>
 * <li>aggregator: read {@code cbn.runs} and {@code cbn.results} (it assigns partitions itself, no group).</li>
 * </ul>
 * The same bindings are what the Strimzi {@code KafkaUser}s in deploy/k8s grant.
 */
public final class BrokerAcls {

    /** Topics the secured broker knows; the retry topic is granted even before it exists. */
    static final String JOBS_RETRY = Topics.JOBS_RETRY;

    private BrokerAcls() {
    }

    /** Every ACL binding of the cbn users. */
    public static List<AclBinding> bindings() {
        List<AclBinding> b = new ArrayList<>();
        for (String topic : List.of(Topics.JOBS, Topics.RUNS)) {
            allow(b, "producer", topic(topic), AclOperation.WRITE);
        }
        // cbn retry reads the original run's OPENED (its roots and settings) back from cbn.runs
        allow(b, "producer", topic(Topics.RUNS), AclOperation.READ);
        for (String topic : List.of(Topics.JOBS, Topics.RUNS, Topics.RESULTS, Topics.JOBS_DLQ, JOBS_RETRY)) {
            allow(b, "producer", topic(topic), AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
        }
        // cbn enqueue reads the brokers' offsets.retention.minutes (TopicCheck); without this every secured run warned
        allow(b, "producer", new ResourcePattern(ResourceType.CLUSTER, org.apache.kafka.common.resource.Resource.CLUSTER_NAME, PatternType.LITERAL),
                AclOperation.DESCRIBE_CONFIGS);
        for (String topic : List.of(Topics.JOBS, JOBS_RETRY, Topics.RUNS)) {
            allow(b, "worker", topic(topic), AclOperation.READ, AclOperation.DESCRIBE);
        }
        for (String topic : List.of(Topics.RESULTS, Topics.JOBS_DLQ, JOBS_RETRY)) {
            allow(b, "worker", topic(topic), AclOperation.WRITE, AclOperation.DESCRIBE);
        }
        allow(b, "worker", new ResourcePattern(ResourceType.GROUP, "cbn-", PatternType.PREFIXED), AclOperation.READ);
        for (String topic : List.of(Topics.RUNS, Topics.RESULTS)) {
            allow(b, "aggregator", topic(topic), AclOperation.READ, AclOperation.DESCRIBE);
        }
        return b;
    }

    /** Creates the bindings (idempotent: an existing binding is kept). */
    static void apply(Admin admin) {
        try {
            admin.createAcls(bindings()).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create the cbn ACLs: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within 60 s creating the cbn ACLs", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating the cbn ACLs", e);
        }
    }

    private static ResourcePattern topic(String name) {
        return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
    }

    private static void allow(List<AclBinding> out, String user, ResourcePattern resource, AclOperation... ops) {
        for (AclOperation op : ops) {
            out.add(new AclBinding(resource, new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW)));
        }
    }
}
