package io.cbn.e2e.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The manifest checks read what {@link Kustomize} renders; where {@code kubectl} is installed, this compares that
 * with what {@code kubectl kustomize} (the real kustomize) renders, object by object, so the checks never pass on
 * a rendering the cluster would not get. Skipped (not failed) on machines without kubectl: the checks themselves
 * do not need it.
 */
class KustomizeCrossCheckTest {

    static java.util.stream.Stream<String> targets() throws IOException {
        return ManifestFixture.targets();
    }

    @ParameterizedTest
    @MethodSource("targets")
    void rendersWhatKubectlKustomizeRenders(String target) throws Exception {
        assumeTrue(kubectlAvailable(), "kubectl is not installed: nothing to compare with");
        ProcessBuilder pb = new ProcessBuilder("kubectl", "kustomize", ManifestFixture.K8S.resolve(target).toString());
        pb.redirectErrorStream(false);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) fail("kubectl kustomize " + target + " failed: " + err);

        Map<String, Object> expected = new TreeMap<>();
        for (Object doc : new org.yaml.snakeyaml.Yaml().loadAll(out)) {
            if (doc == null) continue;
            Map<String, Object> r = Yamls.map(doc, "kubectl output");
            expected.put(Kustomize.id(r), r);
        }
        Map<String, Object> actual = new TreeMap<>();
        for (Map<String, Object> r : ManifestFixture.render(target).resources()) actual.put(Kustomize.id(r), r);

        assertEquals(expected.keySet(), actual.keySet(), target + ": different objects");
        List<String> diffs = new ArrayList<>();
        for (String id : expected.keySet()) diff(id, expected.get(id), actual.get(id), diffs);
        assertEquals(List.of(), diffs, target + ": the checks' renderer differs from kubectl kustomize");
    }

    /** Differences between two parsed trees; maps compare by key (order-free), lists in order. */
    static void diff(String path, Object expected, Object actual, List<String> out) {
        if (expected instanceof Map<?, ?> e && actual instanceof Map<?, ?> a) {
            java.util.Set<Object> keys = new java.util.TreeSet<>(java.util.Comparator.comparing(String::valueOf));
            keys.addAll(e.keySet());
            keys.addAll(a.keySet());
            for (Object k : keys) diff(path + "." + k, e.get(k), a.get(k), out);
        } else if (expected instanceof List<?> e && actual instanceof List<?> a) {
            if (e.size() != a.size()) {
                out.add(path + ": kubectl has " + e.size() + " elements, the checks " + a.size());
                return;
            }
            for (int i = 0; i < e.size(); i++) diff(path + "[" + i + "]", e.get(i), a.get(i), out);
        } else if (!String.valueOf(expected).equals(String.valueOf(actual))) {
            out.add(path + ": kubectl " + expected + ", the checks " + actual);
        }
    }

    static boolean kubectlAvailable() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
