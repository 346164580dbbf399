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

/** The kustomize tree itself: every listed file exists, one resource per file, labels not commonLabels, Dockerfiles match. */
class KustomizeStructureTest extends ManifestFixture {

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
}
