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

/**
 * Checks of deploy/k8s against what breaks deployments in real life, on the base and on every overlay as
 * rendered (resources, components and patches applied by {@link Kustomize}). Values the apps depend on are read
 * from the apps' own sources (application.properties, {@code @ConfigMapping} interfaces, the Avro contracts), so
 * a change on either side that the other does not follow fails here, not in the cluster.
 */
class ManifestTest {

    static final Path ROOT = RepoRoot.find();
    static final Path K8S = ROOT.resolve("deploy/k8s");

    /** The four topics of DESIGN.md section 3. */
    static final Set<String> CONTRACT_TOPICS = Set.of("cbn.jobs", "cbn.results", "cbn.runs", "cbn.jobs.dlq");
    /** Topics the aggregator rebuilds every run from on each start: they must never lose a record. */
    static final Set<String> LEDGER_TOPICS = Set.of("cbn.results", "cbn.runs");
    /** Variables the UBI OpenJDK image's run-java.sh reads (only for images whose entry point is run-java.sh). */
    static final Set<String> RUN_JAVA_VARS = Set.of("JAVA_OPTS", "JAVA_OPTS_APPEND", "JAVA_MAX_MEM_RATIO",
        "JAVA_INITIAL_MEM_RATIO", "JAVA_MAX_INITIAL_MEM", "JAVA_DEBUG", "JAVA_DEBUG_PORT", "JAVA_DIAGNOSTICS");
    /** Heap the worker needs: 384 MB + 512 MB peak per in-flight conversion (converter benchmark). */
    static final long WORKER_BASE_HEAP = 384L << 20;
    static final long HEAP_PER_CONVERSION = 512L << 20;
    /** Below this much memory over -Xmx (metaspace, code cache, threads, GC, direct buffers) the kernel OOM-kills the JVM. */
    static final long MIN_NON_HEAP = 256L << 20;
    /** Time the worker needs after its drain to commit offsets, close the Kafka clients and exit. */
    static final Duration COMMIT_AND_EXIT = Duration.ofSeconds(10);

    private static final Map<String, Kustomize.Rendered> RENDERS = new ConcurrentHashMap<>();
    private static final Map<String, AppConfig> APPS = new ConcurrentHashMap<>();

    /** base and every overlay: each is what someone applies. */
    static Stream<String> targets() throws IOException {
        List<String> targets = new ArrayList<>(List.of("base"));
        try (Stream<Path> dirs = Files.list(K8S.resolve("overlays"))) {
            dirs.filter(Files::isDirectory).sorted().forEach(d -> targets.add("overlays/" + d.getFileName()));
        }
        return targets.stream();
    }

    static Kustomize.Rendered render(String target) {
        return RENDERS.computeIfAbsent(target, t -> Kustomize.render(K8S.resolve(t)));
    }

    static AppConfig app(String module) {
        return APPS.computeIfAbsent(module, m -> AppConfig.load(ROOT, m));
    }

    // ------------------------------------------------------------------ structure of deploy/k8s

    static List<Path> kustomizationDirs() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            return files.filter(f -> f.getFileName().toString().equals("kustomization.yaml")).map(Path::getParent).sorted().toList();
        }
    }

    @Test
    void everyFileAKustomizationListsExists() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path dir : kustomizationDirs()) {
            Path file = dir.resolve("kustomization.yaml");
            Map<String, Object> kz = Yamls.map(Yamls.single(file), file.toString());
            List<String> refs = new ArrayList<>();
            for (String field : List.of("resources", "components")) {
                Yamls.list(kz.get(field), field).forEach(r -> refs.add(String.valueOf(r)));
            }
            for (Object p : Yamls.list(kz.get("patches"), "patches")) {
                Object path = Yamls.map(p, "patch").get("path");
                if (path != null) refs.add(String.valueOf(path));
            }
            for (String ref : refs) {
                Path p = dir.resolve(ref).normalize();
                if (!Files.exists(p)) missing.add(K8S.relativize(file) + " -> " + ref);
                else if (Files.isDirectory(p) && !Files.isRegularFile(p.resolve("kustomization.yaml"))) {
                    missing.add(K8S.relativize(file) + " -> " + ref + " (a directory without kustomization.yaml)");
                }
            }
        }
        assertTrue(missing.isEmpty(), "kustomizations list files that do not exist: " + missing);
    }

    @Test
    void kustomizationsUseLabelsNotCommonLabels() throws IOException {
        for (Path dir : kustomizationDirs()) {
            Path file = dir.resolve("kustomization.yaml");
            Map<String, Object> kz = Yamls.map(Yamls.single(file), file.toString());
            assertFalse(kz.containsKey("commonLabels"),
                K8S.relativize(file) + " uses commonLabels (deprecated, and it rewrites immutable selectors): use labels:");
            for (Object l : Yamls.list(kz.get("labels"), "labels")) {
                assertFalse(Boolean.TRUE.equals(Yamls.map(l, "labels").get("includeSelectors")),
                    K8S.relativize(file) + ": labels with includeSelectors: true change Deployment selectors, which are immutable");
            }
        }
    }

    @Test
    void everyManifestIsAppliedByBaseOrAnOverlay() throws IOException {
        Set<Path> used = new LinkedHashSet<>();
        targets().forEach(t -> used.addAll(render(t).files()));
        List<String> unused = new ArrayList<>();
        try (Stream<Path> files = Files.walk(K8S)) {
            files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                .map(f -> f.toAbsolutePath().normalize())
                .filter(f -> !used.contains(f))
                .forEach(f -> unused.add(K8S.relativize(f).toString()));
        }
        assertTrue(unused.isEmpty(), "manifests no kustomization applies (dead, or a missing resources: entry): " + unused);
    }

    @Test
    void baseHoldsOneResourcePerFile() {
        Path base = K8S.resolve("base");
        for (Path f : render("base").files()) {
            if (f.getFileName().toString().equals("kustomization.yaml") || !f.startsWith(base)) continue;
            assertEquals(1, Yamls.documents(f).size(), K8S.relativize(f) + " must hold exactly one resource");
        }
    }

    // ------------------------------------------------------------------ containers

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

    @Test
    void imagesAreBuiltByDockerfilesThatMatchTheManifests() {
        Kustomize.Rendered r = render("base");
        Set<String> seen = new TreeSet<>();
        for (Map<String, Object> w : r.resources()) {
            Map<String, Object> pod = Manifests.podSpec(w);
            if (pod == null) continue;
            for (Map<String, Object> c : Manifests.containers(w)) {
                String where = Kustomize.nameOf(w) + "/" + c.get("name");
                String module = module(c, where);
                seen.add(module);
                String df = Yamls.read(dockerfile(module));
                Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(df);
                assertTrue(from.find(), module + " Dockerfile.jvm has no FROM");
                Manifests.ImageRef base = Manifests.ImageRef.parse(from.group(1));
                assertTrue(base.digest() != null || (base.tag() != null && !base.tag().equals("latest")),
                    module + " Dockerfile.jvm: pin the base image (" + from.group(1) + ")");
                Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(df);
                String lastUser = null;
                while (user.find()) lastUser = user.group(1);
                Object runAsUser = Yamls.at(c, "securityContext.runAsUser");
                if (runAsUser == null) runAsUser = Yamls.at(pod, "securityContext.runAsUser");
                assertEquals(String.valueOf(runAsUser), lastUser, where + ": runAsUser must be the image's USER ("
                    + lastUser + "): file ownership in the image is for that user");
                assertTrue(Pattern.compile("(?m)^ENV\\s.*\\b(LANG|LC_ALL)=['\"]?[\\w-]+\\.(UTF-8|utf-8|utf8)").matcher(df).find(),
                    module + " Dockerfile.jvm: set a UTF-8 locale, or non-ASCII file names cannot be mapped to files");
                for (Object p : Yamls.list(c.get("ports"), "ports")) {
                    Object port = Yamls.at(p, "containerPort");
                    assertTrue(Pattern.compile("(?m)^EXPOSE\\s.*\\b" + port + "\\b").matcher(df).find(),
                        module + " Dockerfile.jvm does not EXPOSE the container port " + port);
                }
                boolean quarkus = Files.isRegularFile(AppConfig.propertiesFile(ROOT, module));
                if (quarkus) {
                    assertTrue(df.contains("target/quarkus-app/"), module + " Dockerfile.jvm: copy the Quarkus fast-jar (target/quarkus-app/)");
                    assertTrue(df.contains("/deployments/quarkus-run.jar"), module + " Dockerfile.jvm: run quarkus-run.jar");
                }
            }
        }
        assertEquals(Set.of("aggregator", "producer", "worker"), seen, "the manifests run exactly the three cbn images");
    }

    // ------------------------------------------------------------------ scaling

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
                assertEquals("-1", String.valueOf(config.get("retention.ms")), where + ": the aggregator rebuilds from it: keep it forever");
                assertEquals("delete", String.valueOf(config.get("cleanup.policy")), where + ": compaction would drop records the rebuild needs");
                Object bytes = config.get("retention.bytes");
                assertTrue(bytes == null || "-1".equals(String.valueOf(bytes)), where + ": a size limit would delete ledger records");
            }
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

    // ------------------------------------------------------------------ volumes, selectors, ports

    @ParameterizedTest
    @MethodSource("targets")
    void volumesAreSharedAtTheSamePathsTheJobsCarry(String target) {
        Kustomize.Rendered r = render(target);
        Map<String, Map<String, Object>> claims = new HashMap<>();
        for (Map<String, Object> pvc : r.ofKind("PersistentVolumeClaim")) {
            claims.put(Kustomize.nameOf(pvc), pvc);
            assertTrue(Yamls.listAt(pvc, "spec.accessModes").contains("ReadWriteMany"),
                target + " PVC " + Kustomize.nameOf(pvc) + ": pods on many nodes mount it: ReadWriteMany");
        }
        Map<String, String> pathOfClaim = new HashMap<>();
        for (Map<String, Object> w : r.resources()) {
            Map<String, Object> pod = Manifests.podSpec(w);
            if (pod == null) continue;
            for (Map<String, Object> c : Manifests.containers(w)) {
                String where = target + " " + Kustomize.nameOf(w) + "/" + c.get("name");
                for (Object m : Yamls.list(c.get("volumeMounts"), "volumeMounts")) {
                    String claim = Yamls.str(Yamls.at(volume(pod, Yamls.str(Yamls.at(m, "name")), where), "persistentVolumeClaim.claimName"));
                    if (claim == null) continue;
                    assertTrue(claims.containsKey(claim), where + ": PersistentVolumeClaim " + claim + " does not exist");
                    String path = Yamls.str(Yamls.at(m, "mountPath"));
                    String previous = pathOfClaim.putIfAbsent(claim, path);
                    assertEquals(previous == null ? path : previous, path, where + ": " + claim
                        + " is mounted at different paths: jobs and results carry absolute paths");
                }
            }
        }
        // the producer's paths go into every job and run event: the workers and the aggregator must see them
        Map<String, Object> producer = workloadOf(r, "producer");
        Map<String, Object> pc = Manifests.containers(producer).get(0);
        List<String> args = Yamls.list(pc.get("args"), "args").stream().map(String::valueOf).toList();
        Map<String, Object> worker = workerDeployment(r);
        Map<String, Object> aggregator = workloadOf(r, "aggregator");
        assertMounted(producer, argValue(args, "--source-paths"), false, target + " producer --source-paths");
        assertMounted(worker, argValue(args, "--source-paths"), false, target + " worker reading --source-paths");
        assertMounted(worker, argValue(args, "--output-path"), true, target + " worker writing --output-path");
        assertMounted(aggregator, argValue(args, "--output-path"), false, target + " aggregator verifying --output-path");
        assertMounted(aggregator, argValue(args, "--admin-path"), true, target + " aggregator writing --admin-path");
    }

    @ParameterizedTest
    @MethodSource("targets")
    void selectorsSelectWhatTheyAreFor(String target) {
        Kustomize.Rendered r = render(target);
        for (Map<String, Object> d : r.ofKind("Deployment")) {
            Map<String, Object> sel = Yamls.mapAt(d, "spec.selector.matchLabels");
            assertTrue(sel != null && !sel.isEmpty() && selects(sel, Manifests.podLabels(d)),
                target + " Deployment " + Kustomize.nameOf(d) + ": selector " + sel + " does not match its pod template (the API refuses it)");
        }
        for (Map<String, Object> s : r.ofKind("Service")) {
            assertFalse(selected(r, Yamls.mapAt(s, "spec.selector")).isEmpty(), target + " Service " + Kustomize.nameOf(s) + " selects no pods");
        }
        for (String kind : List.of("PodDisruptionBudget", "PodMonitor")) {
            for (Map<String, Object> p : r.ofKind(kind)) {
                assertFalse(selected(r, Yamls.mapAt(p, "spec.selector.matchLabels")).isEmpty(), target + " " + kind + " " + Kustomize.nameOf(p) + " selects no pods");
            }
        }
        for (Map<String, Object> p : r.ofKind("NetworkPolicy")) {
            Map<String, Object> sel = Yamls.mapAt(p, "spec.podSelector.matchLabels");
            assertFalse(selected(r, sel == null ? Map.of() : sel).isEmpty(), target + " NetworkPolicy " + Kustomize.nameOf(p) + " selects no pods");
        }
        for (Map<String, Object> m : r.ofKind("ServiceMonitor")) {
            Map<String, Object> sel = Yamls.mapAt(m, "spec.selector.matchLabels");
            assertTrue(r.ofKind("Service").stream().anyMatch(s -> selects(sel, Yamls.mapAt(s, "metadata.labels"))),
                target + " ServiceMonitor " + Kustomize.nameOf(m) + " selects no Service");
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void servicesMonitorsAndPoliciesUsePortsThePodsHave(String target) {
        Kustomize.Rendered r = render(target);
        for (Map<String, Object> s : r.ofKind("Service")) {
            for (Object p : Yamls.listAt(s, "spec.ports")) {
                Object tp = Yamls.at(p, "targetPort");
                for (Map<String, Object> w : selected(r, Yamls.mapAt(s, "spec.selector"))) {
                    assertTrue(hasPort(w, tp == null ? Yamls.at(p, "port") : tp),
                        target + " Service " + Kustomize.nameOf(s) + ": targetPort " + tp + " is not a port of " + Kustomize.nameOf(w));
                }
            }
        }
        for (Map<String, Object> pm : r.ofKind("PodMonitor")) {
            for (Object ep : Yamls.listAt(pm, "spec.podMetricsEndpoints")) {
                for (Map<String, Object> w : selected(r, Yamls.mapAt(pm, "spec.selector.matchLabels"))) {
                    assertTrue(hasPort(w, Yamls.at(ep, "port")), target + " PodMonitor port " + Yamls.at(ep, "port") + " not on " + Kustomize.nameOf(w));
                    assertMetricsPath(r, w, Yamls.str(Yamls.at(ep, "path")), target + " PodMonitor " + Kustomize.nameOf(pm));
                }
            }
        }
        for (Map<String, Object> sm : r.ofKind("ServiceMonitor")) {
            for (Object ep : Yamls.listAt(sm, "spec.endpoints")) {
                for (Map<String, Object> s : r.ofKind("Service")) {
                    if (!selects(Yamls.mapAt(sm, "spec.selector.matchLabels"), Yamls.mapAt(s, "metadata.labels"))) continue;
                    boolean named = Yamls.listAt(s, "spec.ports").stream().anyMatch(p -> String.valueOf(Yamls.at(ep, "port")).equals(Yamls.str(Yamls.at(p, "name"))));
                    assertTrue(named, target + " ServiceMonitor port " + Yamls.at(ep, "port") + " is not a port name of Service " + Kustomize.nameOf(s));
                    for (Map<String, Object> w : selected(r, Yamls.mapAt(s, "spec.selector"))) {
                        assertMetricsPath(r, w, Yamls.str(Yamls.at(ep, "path")), target + " ServiceMonitor " + Kustomize.nameOf(sm));
                    }
                }
            }
        }
        for (Map<String, Object> np : r.ofKind("NetworkPolicy")) {
            Map<String, Object> sel = Yamls.mapAt(np, "spec.podSelector.matchLabels");
            for (Object rule : Yamls.list(Yamls.at(np, "spec.ingress"), "ingress")) {
                for (Object p : Yamls.list(Yamls.at(rule, "ports"), "ports")) {
                    for (Map<String, Object> w : selected(r, sel == null ? Map.of() : sel)) {
                        assertTrue(hasPort(w, Yamls.at(p, "port")), target + " NetworkPolicy " + Kustomize.nameOf(np)
                            + " opens port " + Yamls.at(p, "port") + ", which " + Kustomize.nameOf(w) + " does not have");
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Long-running workloads: they serve health endpoints (Jobs and CronJobs run a CLI to completion). */
    static List<Map<String, Object>> longRunning(Kustomize.Rendered r) {
        return r.resources().stream().filter(w -> Set.of("Deployment", "StatefulSet", "DaemonSet").contains(Kustomize.kindOf(w))).toList();
    }

    /** The repository module an image is built from: image cbn/cbn-worker -> worker/ (its Dockerfile.jvm must exist). */
    static String module(Map<String, Object> container, String where) {
        String shortName = Manifests.ImageRef.parse(Yamls.str(container.get("image"))).shortName();
        String module = shortName.startsWith("cbn-") ? shortName.substring(4) : shortName;
        assertTrue(Files.isRegularFile(dockerfile(module)), where + ": image " + container.get("image")
            + " is not built by this repository (no " + ROOT.relativize(dockerfile(module)) + ")");
        return module;
    }

    static Path dockerfile(String module) {
        return ROOT.resolve(module).resolve("src/main/docker/Dockerfile.jvm");
    }

    static boolean runsRunJava(String module) {
        Path df = dockerfile(module);
        return Files.isRegularFile(df) && Pattern.compile("(?m)^ENTRYPOINT.*run-java\\.sh").matcher(Yamls.read(df)).find();
    }

    static Map<String, Map<String, Object>> configMaps(Kustomize.Rendered r) {
        Map<String, Map<String, Object>> cms = new LinkedHashMap<>();
        r.ofKind("ConfigMap").forEach(cm -> cms.put(Kustomize.nameOf(cm), cm));
        return cms;
    }

    static Map<String, String> env(Kustomize.Rendered r, Map<String, Object> container) {
        return Manifests.envValues(container, configMaps(r));
    }

    static String jvmOptions(Map<String, String> env) {
        return String.join(" ", env.getOrDefault("JAVA_OPTS", ""), env.getOrDefault("JAVA_OPTS_APPEND", ""));
    }

    static Map<String, String> sysProps(Map<String, String> env) {
        return Manifests.systemProperties(jvmOptions(env));
    }

    static Map<String, Object> workerDeployment(Kustomize.Rendered r) {
        return workloadOf(r, "worker");
    }

    static Map<String, Object> workloadOf(Kustomize.Rendered r, String module) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Map<String, Object> w : r.resources()) {
            List<Map<String, Object>> cs = Manifests.containers(w);
            if (!cs.isEmpty() && module.equals(module(cs.get(0), r.dir() + " " + Kustomize.nameOf(w)))) found.add(w);
        }
        assertEquals(1, found.size(), r.dir() + ": expected one workload running the " + module);
        return found.get(0);
    }

    static int workerConcurrency(Kustomize.Rendered r, Map<String, Object> c, String where) {
        Map<String, String> env = env(r, c);
        String v = app("worker").value("cbn.worker.concurrency", env, sysProps(env));
        assertNotNull(v, where + ": set cbn.worker.concurrency (CBN_WORKER_CONCURRENCY) explicitly: its default follows"
            + " the cores the JVM sees (the CPU limit), not the requests the heap and lagThreshold are sized for");
        return Integer.parseInt(v.trim());
    }

    static Map<String, Object> kafkaTrigger(Map<String, Object> so, String target) {
        List<Object> kafka = Yamls.listAt(so, "spec.triggers").stream().filter(t -> "kafka".equals(Yamls.at(t, "type"))).toList();
        assertEquals(1, kafka.size(), target + ": one kafka trigger");
        return Yamls.map(kafka.get(0), "trigger");
    }

    static String topicName(Map<String, Object> t) {
        Object name = Yamls.at(t, "spec.topicName");
        return name != null ? String.valueOf(name) : Kustomize.nameOf(t);
    }

    static Map<String, Object> topic(Kustomize.Rendered r, String name, String target) {
        return r.ofKind("KafkaTopic").stream().filter(t -> name.equals(topicName(t))).findFirst()
            .orElseThrow(() -> new AssertionError(target + ": no KafkaTopic for " + name));
    }

    static int partitions(Map<String, Object> topic) {
        return ((Number) Yamls.at(topic, "spec.partitions")).intValue();
    }

    /** The default per-image timeout of the job contract (ConversionSettings.timeoutMs). */
    static long conversionTimeoutDefaultMs() {
        try {
            JsonNode schema = new ObjectMapper().readTree(ROOT.resolve("schemas/src/main/avro/ConversionSettings.avsc").toFile());
            for (JsonNode f : schema.get("fields")) {
                if ("timeoutMs".equals(f.get("name").asText())) return f.get("default").asLong();
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read ConversionSettings.avsc", e);
        }
        throw new AssertionError("ConversionSettings.avsc has no timeoutMs");
    }

    static Map<String, Object> volume(Map<String, Object> pod, String name, String where) {
        for (Object v : Yamls.list(pod.get("volumes"), "volumes")) {
            if (name != null && name.equals(Yamls.at(v, "name"))) return Yamls.map(v, "volume");
        }
        throw new AssertionError(where + ": volumeMount " + name + " has no volume");
    }

    static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        if (selector == null) return false;
        if (labels == null) return selector.isEmpty();
        for (Map.Entry<String, Object> e : selector.entrySet()) {
            if (!String.valueOf(e.getValue()).equals(String.valueOf(labels.get(e.getKey())))) return false;
        }
        return true;
    }

    static List<Map<String, Object>> selected(Kustomize.Rendered r, Map<String, Object> selector) {
        return r.resources().stream().filter(w -> Manifests.podSpec(w) != null && selects(selector, Manifests.podLabels(w))).toList();
    }

    static boolean hasPort(Map<String, Object> workload, Object port) {
        for (Map<String, Object> c : Manifests.containers(workload)) {
            for (Object p : Yamls.list(c.get("ports"), "ports")) {
                if (port instanceof Number n ? n.intValue() == ((Number) Yamls.at(p, "containerPort")).intValue()
                    : String.valueOf(port).equals(Yamls.str(Yamls.at(p, "name")))) {
                    return true;
                }
            }
        }
        return false;
    }

    static void assertMetricsPath(Kustomize.Rendered r, Map<String, Object> w, String path, String where) {
        Map<String, Object> c = Manifests.containers(w).get(0);
        AppConfig app = app(module(c, where));
        Map<String, String> env = env(r, c);
        String expected = app.value("quarkus.micrometer.export.prometheus.path", env, sysProps(env));
        assertEquals(expected == null ? "/q/metrics" : expected, path, where + ": scrapes a path the app does not serve");
    }

    static String argValue(List<String> args, String flag) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(flag) && i + 1 < args.size()) return args.get(i + 1);
            if (args.get(i).startsWith(flag + "=")) return args.get(i).substring(flag.length() + 1);
        }
        fail("the producer Job passes no " + flag + ": " + args);
        return null;
    }

    /** {@code path} lies on a PVC mounted in the workload, writable when {@code write}. */
    static void assertMounted(Map<String, Object> workload, String path, boolean write, String where) {
        Map<String, Object> pod = Manifests.podSpec(workload);
        for (Map<String, Object> c : Manifests.containers(workload)) {
            for (Object m : Yamls.list(c.get("volumeMounts"), "volumeMounts")) {
                String mount = Yamls.str(Yamls.at(m, "mountPath"));
                if (!(path.equals(mount) || path.startsWith(mount.endsWith("/") ? mount : mount + "/"))) continue;
                Map<String, Object> v = volume(pod, Yamls.str(Yamls.at(m, "name")), where);
                assertNotNull(Yamls.at(v, "persistentVolumeClaim.claimName"), where + ": " + path + " is not on a shared volume");
                if (write) {
                    assertFalse(Boolean.TRUE.equals(Yamls.at(m, "readOnly")) || Boolean.TRUE.equals(Yamls.at(v, "persistentVolumeClaim.readOnly")),
                        where + ": " + path + " is mounted read-only");
                }
                return;
            }
        }
        fail(where + ": " + path + " is not mounted in " + Kustomize.nameOf(workload));
    }

    static Set<String> diff(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    static int healthPort(AppConfig app, Map<String, String> env, Map<String, String> sys, String where) {
        if ("true".equals(app.value("quarkus.management.enabled", env, sys))) {
            String mp = app.value("quarkus.management.port", env, sys);
            return mp == null ? 9000 : Integer.parseInt(mp);
        }
        String port = app.value("quarkus.http.port", env, sys);
        return port == null || port.isBlank() ? 8080 : Integer.parseInt(port.trim());
    }

    static String healthRoot(AppConfig app, Map<String, String> env, Map<String, String> sys) {
        String nonApp = app.value("quarkus.http.non-application-root-path", env, sys);
        String health = app.value("quarkus.smallrye-health.root-path", env, sys);
        String base = "/" + (nonApp == null ? "q" : nonApp.replaceAll("^/+|/+$", ""));
        if (health != null && health.startsWith("/")) return health.replaceAll("/+$", "");
        return base + "/" + (health == null ? "health" : health.replaceAll("^/+|/+$", ""));
    }
}
