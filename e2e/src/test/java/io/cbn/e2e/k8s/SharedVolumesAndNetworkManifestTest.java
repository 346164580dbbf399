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

/** Shared volumes at the paths jobs carry, selectors, and the ports Services, monitors and policies use. */
class SharedVolumesAndNetworkManifestTest extends ManifestFixture {

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
}
