package io.cbn.e2e.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.cbn.deploy.broker.BrokerAcls;

/**
 * Kafka security in the cluster (docs/design.md, Security): one Strimzi KafkaUser per app with exactly the grants of
 * the secured local broker ({@link BrokerAcls}, which SecureBrokerTest and SecureRunIT prove on a real broker), every
 * app logging in as its own user over SASL_SSL with the cluster CA, and KEDA reading the lag as the workers' user.
 */
class SecurityManifestTest extends ManifestFixture {

    private static final List<String> APPS = List.of("producer", "worker", "aggregator");

    @ParameterizedTest
    @MethodSource("targets")
    void eachAppHasAKafkaUserWithExactlyTheLocalBrokersGrants(String target) {
        Kustomize.Rendered r = render(target);
        for (String app : APPS) {
            Map<String, Object> user = r.get("KafkaUser", "cbn-" + app);
            assertEquals("scram-sha-512", Yamls.str(Yamls.at(user, "spec.authentication.type")), target + " cbn-" + app);
            assertEquals("cbn-kafka", Yamls.str(Yamls.mapAt(user, "metadata.labels").get("strimzi.io/cluster")),
                target + " cbn-" + app + ": the Kafka cluster the User Operator serves");
            Set<String> granted = new TreeSet<>();
            for (Object acl : Yamls.listAt(user, "spec.authorization.acls")) {
                String type = Yamls.str(Yamls.at(acl, "resource.type"));
                String name = Yamls.str(Yamls.at(acl, "resource.name"));
                String pattern = Yamls.str(Yamls.at(acl, "resource.patternType"));
                for (Object op : Yamls.listAt(acl, "operations")) granted.add(type + " " + name + " " + pattern + " " + op);
            }
            assertEquals(expected(app), granted, target + " cbn-" + app + ": the KafkaUser's ACLs must be BrokerAcls' for " + app);
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void everyAppLogsInAsItsOwnUserOverSaslSsl(String target) {
        Kustomize.Rendered r = render(target);
        for (String app : APPS) {
            Map<String, Object> w = workloadOf(r, app);
            Map<String, Object> c = Manifests.containers(w).get(0);
            Map<String, Object> env = rawEnv(c);
            String where = target + " " + Kustomize.nameOf(w);
            assertEquals("SASL_SSL", Yamls.str(Yamls.at(env.get("KAFKA_SECURITY_PROTOCOL"), "value")), where);
            assertEquals("SCRAM-SHA-512", Yamls.str(Yamls.at(env.get("KAFKA_SASL_MECHANISM"), "value")), where);
            Object jaas = env.get("KAFKA_SASL_JAAS_CONFIG");
            assertNotNull(jaas, where + ": KAFKA_SASL_JAAS_CONFIG");
            assertEquals("cbn-" + app, Yamls.str(Yamls.at(jaas, "valueFrom.secretKeyRef.name")),
                where + ": the JAAS line must come from the app's own KafkaUser secret");
            assertEquals("sasl.jaas.config", Yamls.str(Yamls.at(jaas, "valueFrom.secretKeyRef.key")), where);
            String truststore = Yamls.str(Yamls.at(env.get("KAFKA_SSL_TRUSTSTORE_LOCATION"), "value"));
            Map<String, Object> pod = Manifests.podSpec(w);
            boolean mounted = Yamls.listAt(c, "volumeMounts").stream().anyMatch(m -> {
                String path = Yamls.str(Yamls.at(m, "mountPath"));
                if (!truststore.startsWith(path + "/")) return false;
                Map<String, Object> v = volume(pod, Yamls.str(Yamls.at(m, "name")), where);
                return "cbn-kafka-cluster-ca-cert".equals(Yamls.str(Yamls.at(v, "secret.secretName")));
            });
            assertTrue(mounted, where + ": the truststore " + truststore + " must be the mounted cluster CA secret");
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void kedaReadsTheLagAsTheWorkersUser(String target) {
        Kustomize.Rendered r = render(target);
        Map<String, Object> so = r.ofKind("ScaledObject").get(0);
        Map<String, Object> trigger = kafkaTrigger(so, target);
        String authName = Yamls.str(Yamls.at(trigger, "authenticationRef.name"));
        assertNotNull(authName, target + ": the kafka trigger needs an authenticationRef");
        Map<String, Object> auth = r.get("TriggerAuthentication", authName);
        Map<String, String[]> refs = new HashMap<>();
        for (Object ref : Yamls.listAt(auth, "spec.secretTargetRef"))
            refs.put(Yamls.str(Yamls.at(ref, "parameter")), new String[] {Yamls.str(Yamls.at(ref, "name")), Yamls.str(Yamls.at(ref, "key"))});
        assertEquals("cbn-worker", refs.get("password")[0], target + ": KEDA's password is the workers' KafkaUser secret");
        assertEquals("password", refs.get("password")[1], target);
        assertEquals("cbn-kafka-cluster-ca-cert", refs.get("ca")[0], target + ": KEDA trusts the cluster CA");
        Map<String, Object> plain = r.get("Secret", refs.get("username")[0]);
        assertEquals("cbn-worker", Yamls.str(Yamls.at(plain, "stringData." + refs.get("username")[1])), target + ": KEDA's user");
        assertEquals("scram_sha512", Yamls.str(Yamls.at(r.get("Secret", refs.get("sasl")[0]), "stringData." + refs.get("sasl")[1])), target);
        assertEquals("enable", Yamls.str(Yamls.at(r.get("Secret", refs.get("tls")[0]), "stringData." + refs.get("tls")[1])), target);
    }

    @ParameterizedTest
    @MethodSource("targets")
    void workersMayTouchOnlyTheirMountedVolumes(String target) {
        Kustomize.Rendered r = render(target);
        Map<String, Object> w = workloadOf(r, "worker");
        Map<String, Object> c = Manifests.containers(w).get(0);
        String roots = env(r, c).get("CBN_WORKER_ALLOWED_ROOTS");
        assertNotNull(roots, target + ": the workers must set CBN_WORKER_ALLOWED_ROOTS (cbn.worker.allowed-roots)");
        Set<String> mounted = new TreeSet<>();
        for (Object m : Yamls.listAt(c, "volumeMounts")) {
            String name = Yamls.str(Yamls.at(m, "name"));
            Map<String, Object> v = volume(Manifests.podSpec(w), name, target);
            if (Yamls.at(v, "persistentVolumeClaim") != null) mounted.add(Yamls.str(Yamls.at(m, "mountPath")));
        }
        assertEquals(mounted, new TreeSet<>(List.of(roots.split(","))),
            target + ": the allowed roots must be exactly the worker's data volumes");
    }

    @ParameterizedTest
    @MethodSource("targets")
    void theAggregatorsHttpUsersComeFromAMountedSecret(String target) {
        Kustomize.Rendered r = render(target);
        Map<String, Object> w = workloadOf(r, "aggregator");
        Map<String, Object> c = Manifests.containers(w).get(0);
        Map<String, String> env = env(r, c);
        String where = target + " " + Kustomize.nameOf(w);
        Map<String, Object> pod = Manifests.podSpec(w);
        for (String[] file : List.of(new String[] {"CBN_HTTP_USERS_FILE", "users.properties"},
                new String[] {"CBN_HTTP_ROLES_FILE", "roles.properties"})) {
            String path = env.get(file[0]);
            assertNotNull(path, where + ": " + file[0] + " (cbn.aggregator.http." + (file[1].startsWith("users") ? "users" : "roles")
                + "-file): a prod aggregator does not start without its users file");
            Map<String, Object> mount = Yamls.listAt(c, "volumeMounts").stream().map(m -> Yamls.map(m, "volumeMount"))
                .filter(m -> path.startsWith(Yamls.str(m.get("mountPath")) + "/")).findFirst().orElse(null);
            assertNotNull(mount, where + ": " + path + " must be on a mounted volume");
            assertEquals("true", String.valueOf(mount.get("readOnly")), where + ": the users volume is mounted read-only");
            Map<String, Object> v = volume(pod, Yamls.str(mount.get("name")), where);
            assertEquals("cbn-aggregator-http", Yamls.str(Yamls.at(v, "secret.secretName")),
                where + ": " + path + " must come from the Secret cbn-aggregator-http");
            String inVolume = path.substring(Yamls.str(mount.get("mountPath")).length() + 1);
            boolean keyed = Yamls.listAt(v, "secret.items").stream()
                .anyMatch(i -> file[1].equals(Yamls.str(Yamls.at(i, "key"))) && inVolume.equals(Yamls.str(Yamls.at(i, "path"))));
            assertTrue(keyed, where + ": the Secret's key " + file[1] + " must be mounted as " + path);
        }
        assertTrue(r.ofKind("Secret").stream().noneMatch(s -> "cbn-aggregator-http".equals(Kustomize.nameOf(s))),
            target + ": the login Secret is the operator's, never in the repository");
    }

    /** BrokerAcls' grants of the local user {@code app}, spelled as Strimzi's KafkaUser ACLs. */
    private static Set<String> expected(String app) {
        Set<String> out = new TreeSet<>();
        for (AclBinding b : BrokerAcls.bindings()) {
            if (!b.entry().principal().equals("User:" + app)) continue;
            String type = b.pattern().resourceType().name().toLowerCase(Locale.ROOT);
            if (b.pattern().resourceType() == ResourceType.CLUSTER) { // Strimzi's cluster resource has no name or pattern
                out.add("cluster null null " + strimziOperation(b.entry().operation().name()));
                continue;
            }
            String pattern = switch (b.pattern().patternType()) {
                case LITERAL -> "literal";
                case PREFIXED -> "prefix";
                default -> throw new AssertionError("pattern " + b.pattern().patternType());
            };
            out.add(type + " " + b.pattern().name() + " " + pattern + " " + strimziOperation(b.entry().operation().name()));
        }
        return out;
    }

    /** DESCRIBE_CONFIGS -> DescribeConfigs. */
    private static String strimziOperation(String kafka) {
        StringBuilder sb = new StringBuilder();
        for (String part : kafka.split("_")) sb.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        return sb.toString();
    }

    private static Map<String, Object> rawEnv(Map<String, Object> container) {
        Map<String, Object> env = new HashMap<>();
        for (Object e : Yamls.listAt(container, "env")) env.put(Yamls.str(Yamls.at(e, "name")), e);
        return env;
    }
}
