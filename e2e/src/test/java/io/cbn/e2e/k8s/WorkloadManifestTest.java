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

/** Every long-running container: probes on the port the app listens on, pinned images, resources, heap, grace period, env wiring, security. */
class WorkloadManifestTest extends ManifestFixture {

    @ParameterizedTest
    @MethodSource("targets")
    void servicesProbeTheirHealthEndpointsOnThePortTheAppListensOn(String target) {
        Kustomize.Rendered r = render(target);
        int checked = 0;
        for (Map<String, Object> w : longRunning(r)) {
            for (Map<String, Object> c : Manifests.containers(w)) {
                String where = target + " " + Kustomize.nameOf(w) + "/" + c.get("name");
                AppConfig app = app(module(c, where));
                Map<String, String> env = env(r, c);
                Map<String, String> sys = sysProps(env);
                int port = healthPort(app, env, sys, where);
                String root = healthRoot(app, env, sys);
                Map<String, String> expected = Map.of("startupProbe", root + "/started", "readinessProbe", root + "/ready",
                    "livenessProbe", root + "/live");
                for (Map.Entry<String, String> e : expected.entrySet()) {
                    Map<String, Object> probe = Yamls.mapAt(c, e.getKey());
                    assertNotNull(probe, where + " has no " + e.getKey());
                    Map<String, Object> http = Yamls.mapAt(probe, "httpGet");
                    assertNotNull(http, where + " " + e.getKey() + " is not an httpGet probe");
                    assertEquals(e.getValue(), http.get("path"), where + " " + e.getKey() + " path");
                    Object named = http.get("port");
                    Integer resolved = Manifests.resolvePort(c, named);
                    assertNotNull(resolved, where + " " + e.getKey() + " port " + named + " is not a port of the container");
                    assertEquals(port, resolved.intValue(), where + " " + e.getKey() + " port " + named
                        + ": the app listens on " + port + " (quarkus.http.port in " + app.module + "/src/main/resources/application.properties)");
                }
                checked++;
            }
        }
        assertTrue(checked >= 2, target + ": expected the worker and aggregator containers, checked " + checked);
    }

    @ParameterizedTest
    @MethodSource("targets")
    void imagesArePinned(String target) {
        for (Map<String, Object> w : render(target).resources()) {
            for (Map<String, Object> c : Manifests.allContainers(w)) {
                String image = Yamls.str(c.get("image"));
                String where = target + " " + Kustomize.nameOf(w) + "/" + c.get("name");
                assertNotNull(image, where + " has no image");
                Manifests.ImageRef ref = Manifests.ImageRef.parse(image);
                assertTrue(ref.digest() != null || (ref.tag() != null && !ref.tag().isBlank()), where + ": image " + image + " has no tag");
                assertFalse("latest".equals(ref.tag()), where + ": image " + image + " uses :latest");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void everyContainerHasRequestsAndLimits(String target) {
        for (Map<String, Object> w : render(target).resources()) {
            for (Map<String, Object> c : Manifests.allContainers(w)) {
                String where = target + " " + Kustomize.nameOf(w) + "/" + c.get("name");
                for (String res : List.of("cpu", "memory")) {
                    Object req = Yamls.at(c, "resources.requests." + res);
                    Object lim = Yamls.at(c, "resources.limits." + res);
                    assertNotNull(req, where + " has no " + res + " request");
                    assertNotNull(lim, where + " has no " + res + " limit");
                    if (res.equals("cpu")) {
                        assertTrue(Manifests.milliCpu(req) <= Manifests.milliCpu(lim), where + ": cpu request " + req + " > limit " + lim);
                    } else {
                        assertTrue(Manifests.memoryBytes(req) <= Manifests.memoryBytes(lim), where + ": memory request " + req + " > limit " + lim);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void javaHeapFitsTheMemoryLimit(String target) {
        Kustomize.Rendered r = render(target);
        for (Map<String, Object> w : r.resources()) {
            for (Map<String, Object> c : Manifests.containers(w)) {
                String where = target + " " + Kustomize.nameOf(w) + "/" + c.get("name");
                String module = module(c, where);
                if (!runsRunJava(module)) continue;
                Map<String, String> env = env(r, c);
                Long xmx = Manifests.xmxBytes(jvmOptions(env));
                assertNotNull(xmx, where + ": set -Xmx in JAVA_OPTS_APPEND (run-java.sh would otherwise size the heap as a"
                    + " share of the limit, unrelated to what the app needs)");
                long limit = Manifests.memoryBytes(Yamls.at(c, "resources.limits.memory"));
                assertTrue(xmx + MIN_NON_HEAP <= limit, where + ": -Xmx " + (xmx >> 20) + " MiB + " + (MIN_NON_HEAP >> 20)
                    + " MiB non-heap exceeds the memory limit of " + (limit >> 20) + " MiB: the kernel OOM-kills the JVM at peak");
                if (module.equals("worker")) {
                    int concurrency = workerConcurrency(r, c, where);
                    long needed = WORKER_BASE_HEAP + HEAP_PER_CONVERSION * concurrency;
                    assertTrue(xmx >= needed, where + ": -Xmx " + (xmx >> 20) + " MiB < 384 MiB + 512 MiB x concurrency "
                        + concurrency + " = " + (needed >> 20) + " MiB: conversions run out of heap");
                    long cpuRequest = Manifests.milliCpu(Yamls.at(c, "resources.requests.cpu"));
                    assertTrue(cpuRequest >= 1000L * concurrency, where + ": cpu request " + cpuRequest
                        + "m is less than one core per in-flight conversion (concurrency " + concurrency + ")");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void workerGracePeriodCoversTheSlowestConversionAndTheCommit(String target) {
        Kustomize.Rendered r = render(target);
        Duration jobTimeout = Duration.ofMillis(conversionTimeoutDefaultMs());
        Map<String, Object> worker = workerDeployment(r);
        Map<String, Object> c = Manifests.containers(worker).get(0);
        Map<String, String> env = env(r, c);
        String drainValue = app("worker").value("cbn.worker.drain-timeout", env, sysProps(env));
        assertNotNull(drainValue, "cbn.worker.drain-timeout has no value");
        Duration drain = Manifests.duration(drainValue);
        assertTrue(drain.compareTo(jobTimeout) >= 0, target + ": cbn.worker.drain-timeout " + drain + " is shorter than the"
            + " per-image timeout " + jobTimeout + " (ConversionSettings.timeoutMs): a slow job in flight at SIGTERM is converted twice");
        Object grace = Yamls.at(worker, "spec.template.spec.terminationGracePeriodSeconds");
        assertNotNull(grace, target + ": set terminationGracePeriodSeconds on the workers (the default 30 s kills conversions)");
        Duration g = Duration.ofSeconds(((Number) grace).longValue());
        assertTrue(g.compareTo(drain.plus(COMMIT_AND_EXIT)) >= 0, target + ": terminationGracePeriodSeconds " + g.toSeconds()
            + " s leaves less than " + COMMIT_AND_EXIT.toSeconds() + " s after the drain (" + drain.toSeconds() + " s) to commit and exit");
    }

    @ParameterizedTest
    @MethodSource("targets")
    void envVarsReachConfigKeysTheAppsRead(String target) {
        Kustomize.Rendered r = render(target);
        List<String> unknown = new ArrayList<>();
        for (Map<String, Object> w : r.resources()) {
            for (Map<String, Object> c : Manifests.containers(w)) {
                String where = target + " " + Kustomize.nameOf(w) + "/" + c.get("name");
                String module = module(c, where);
                boolean quarkus = Files.isRegularFile(AppConfig.propertiesFile(ROOT, module));
                Set<String> known = quarkus ? app(module).envNames() : Set.of();
                String argv = String.valueOf(c.getOrDefault("command", "")) + " " + c.getOrDefault("args", "");
                for (String name : env(r, c).keySet()) {
                    boolean ok = known.contains(name)
                        || (quarkus && name.startsWith("QUARKUS_"))
                        // Kafka client settings: Quarkus hands every KAFKA_* variable to its Kafka clients, and the
                        // producer CLI does the same (io.cbn.producer.KafkaClientSettings)
                        || ((quarkus || module.equals("producer")) && name.startsWith("KAFKA_"))
                        || (runsRunJava(module) && RUN_JAVA_VARS.contains(name))
                        || argv.contains("$(" + name + ")")
                        || (!quarkus && AppConfig.readsEnv(ROOT, module, name));
                    if (!ok) unknown.add(where + ": " + name);
                }
            }
        }
        assertTrue(unknown.isEmpty(), "environment variables no app reads (typo, or a renamed key): " + unknown);
    }

    @ParameterizedTest
    @MethodSource("targets")
    void configMapKeysExistAndAreUsed(String target) {
        Kustomize.Rendered r = render(target);
        Map<String, Map<String, Object>> cms = configMaps(r);
        Set<String> used = new LinkedHashSet<>();
        for (Map<String, Object> w : r.resources()) {
            for (Map<String, Object> c : Manifests.allContainers(w)) {
                String where = target + " " + Kustomize.nameOf(w) + "/" + c.get("name");
                for (Object e : Yamls.list(c.get("env"), "env")) {
                    Map<String, Object> ref = Yamls.mapAt(e, "valueFrom.configMapKeyRef");
                    if (ref == null) continue;
                    String cm = Yamls.str(ref.get("name"));
                    String key = Yamls.str(ref.get("key"));
                    boolean optional = Boolean.TRUE.equals(ref.get("optional"));
                    assertTrue(optional || cms.containsKey(cm), where + ": ConfigMap " + cm + " does not exist (CreateContainerConfigError)");
                    if (cms.containsKey(cm)) {
                        Map<String, Object> data = Yamls.mapAt(cms.get(cm), "data");
                        assertTrue(optional || (data != null && data.containsKey(key)),
                            where + ": ConfigMap " + cm + " has no key " + key + " (CreateContainerConfigError)");
                        used.add(cm + "/" + key);
                    }
                }
                for (Object f : Yamls.list(c.get("envFrom"), "envFrom")) {
                    String cm = Yamls.str(Yamls.at(f, "configMapRef.name"));
                    if (cm != null && cms.containsKey(cm)) {
                        Map<String, Object> data = Yamls.mapAt(cms.get(cm), "data");
                        if (data != null) data.keySet().forEach(k -> used.add(cm + "/" + k));
                    }
                }
            }
        }
        for (Map.Entry<String, Map<String, Object>> cm : cms.entrySet()) {
            Map<String, Object> data = Yamls.mapAt(cm.getValue(), "data");
            if (data == null) continue;
            for (String key : data.keySet()) {
                assertTrue(used.contains(cm.getKey() + "/" + key), target + ": ConfigMap " + cm.getKey() + " key " + key
                    + " is read by no container: a setting that changes nothing");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void podsRunAsNonRootOnAReadOnlyRootWithAWritableTmp(String target) {
        for (Map<String, Object> w : render(target).resources()) {
            Map<String, Object> pod = Manifests.podSpec(w);
            if (pod == null) continue;
            for (Map<String, Object> c : Manifests.containers(w)) {
                String where = target + " " + Kustomize.nameOf(w) + "/" + c.get("name");
                Object nonRoot = Yamls.at(c, "securityContext.runAsNonRoot");
                if (nonRoot == null) nonRoot = Yamls.at(pod, "securityContext.runAsNonRoot");
                assertEquals(Boolean.TRUE, nonRoot, where + ": runAsNonRoot");
                assertEquals(Boolean.TRUE, Yamls.at(c, "securityContext.readOnlyRootFilesystem"), where + ": readOnlyRootFilesystem");
                assertEquals(Boolean.FALSE, Yamls.at(c, "securityContext.allowPrivilegeEscalation"), where + ": allowPrivilegeEscalation");
                String tmpVolume = null;
                for (Object m : Yamls.list(c.get("volumeMounts"), "volumeMounts")) {
                    if ("/tmp".equals(Yamls.at(m, "mountPath"))) tmpVolume = Yamls.str(Yamls.at(m, "name"));
                }
                assertNotNull(tmpVolume, where + ": a read-only root needs a writable /tmp (JVM perf data, Vert.x cache)");
                assertNotNull(Yamls.at(volume(pod, tmpVolume, where), "emptyDir"), where + ": /tmp must be an emptyDir");
            }
        }
    }
}
