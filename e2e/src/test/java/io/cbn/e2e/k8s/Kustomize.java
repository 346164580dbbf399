package io.cbn.e2e.k8s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A small kustomize renderer, enough for deploy/k8s: {@code resources} (files and directories), {@code components},
 * {@code patches} (strategic-merge files or inline, JSON 6902 inline, with or without {@code target}),
 * {@code images}, {@code labels} and {@code namespace}. Any other kustomization field fails the render, so a
 * manifest change the checks cannot follow is noticed instead of silently ignored. Where {@code kubectl} is
 * installed, {@link KustomizeCrossCheckTest} compares this renderer's output with the real one.
 */
final class Kustomize {

    static final Set<String> SUPPORTED_FIELDS =
        Set.of("apiVersion", "kind", "resources", "components", "patches", "images", "labels", "namespace");

    /** Kinds without a namespace: the namespace transformer leaves them alone. */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
        "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "ValidatingWebhookConfiguration",
        "MutatingWebhookConfiguration", "ClusterScaledObject", "ClusterTriggerAuthentication");

    /** Kinds whose pod template is at spec.template. */
    private static final Set<String> POD_TEMPLATE_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job");

    /** The rendered resources and every file the render read (kustomizations, resources, patches). */
    record Rendered(Path dir, List<Map<String, Object>> resources, Set<Path> files) {

        Map<String, Object> get(String kind, String name) {
            return resources.stream().filter(r -> kind.equals(kindOf(r)) && name.equals(nameOf(r))).findFirst()
                .orElseThrow(() -> new AssertionError(dir + ": no " + kind + " " + name + " in the rendered manifests"));
        }

        List<Map<String, Object>> ofKind(String kind) {
            return resources.stream().filter(r -> kind.equals(kindOf(r))).toList();
        }
    }

    private final Set<Path> files = new LinkedHashSet<>();

    private Kustomize() {
    }

    static Rendered render(Path dir) {
        Kustomize k = new Kustomize();
        List<Map<String, Object>> resources = k.kustomization(dir.toAbsolutePath().normalize());
        return new Rendered(dir, resources, k.files);
    }

    static Path kustomizationFile(Path dir) {
        for (String name : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) return p;
        }
        throw new AssertionError("no kustomization.yaml in " + dir);
    }

    private List<Map<String, Object>> kustomization(Path dir) {
        List<Map<String, Object>> acc = new ArrayList<>();
        apply(dir, acc, "Kustomization");
        return acc;
    }

    /** Adds {@code dir}'s resources and components to {@code acc}, then runs its transformers over all of acc. */
    private void apply(Path dir, List<Map<String, Object>> acc, String expectedKind) {
        Path file = kustomizationFile(dir);
        files.add(file);
        Map<String, Object> kz = Yamls.map(Yamls.single(file), file.toString());
        for (String field : kz.keySet()) {
            if (!SUPPORTED_FIELDS.contains(field)) {
                throw new AssertionError(file + ": field '" + field + "' is not understood by the manifest checks' renderer"
                    + " (io.cbn.e2e.k8s.Kustomize); extend it or use one of " + SUPPORTED_FIELDS);
            }
        }
        String kind = String.valueOf(kz.getOrDefault("kind", "Kustomization"));
        if (!kind.equals(expectedKind)) throw new AssertionError(file + ": kind " + kind + ", expected " + expectedKind);

        for (Object r : Yamls.list(kz.get("resources"), file + " resources")) {
            Path p = resolveExisting(dir, String.valueOf(r), file);
            if (Files.isDirectory(p)) {
                addAll(acc, kustomization(p), file);
            } else {
                files.add(p);
                List<Map<String, Object>> docs = new ArrayList<>();
                for (Object doc : Yamls.documents(p)) docs.add(Yamls.map(doc, p.toString()));
                addAll(acc, docs, file);
            }
        }
        for (Object c : Yamls.list(kz.get("components"), file + " components")) {
            Path p = resolveExisting(dir, String.valueOf(c), file);
            if (!Files.isDirectory(p)) throw new AssertionError(file + ": component " + c + " is not a directory");
            apply(p, acc, "Component");
        }
        patches(acc, kz, dir, file);
        images(acc, kz, file);
        labels(acc, kz, file);
        Object ns = kz.get("namespace");
        if (ns != null) {
            for (Map<String, Object> r : acc) {
                if (!CLUSTER_SCOPED.contains(kindOf(r))) metadata(r).put("namespace", String.valueOf(ns));
            }
        }
    }

    private static Path resolveExisting(Path dir, String ref, Path file) {
        if (ref.contains("://") || ref.startsWith("github.com/")) {
            throw new AssertionError(file + ": remote resource " + ref + " cannot be checked; vendor it");
        }
        Path p = dir.resolve(ref).normalize();
        if (!Files.exists(p)) throw new AssertionError(file + " lists " + ref + ", which does not exist (" + p + ")");
        return p;
    }

    private static void addAll(List<Map<String, Object>> acc, List<Map<String, Object>> more, Path file) {
        for (Map<String, Object> r : more) {
            for (Map<String, Object> existing : acc) {
                if (id(existing).equals(id(r))) throw new AssertionError(file + ": resource " + id(r) + " is listed twice");
            }
            acc.add(r);
        }
    }

    // ---- patches ----

    private void patches(List<Map<String, Object>> acc, Map<String, Object> kz, Path dir, Path file) {
        for (Object entry : Yamls.list(kz.get("patches"), file + " patches")) {
            Map<String, Object> spec = Yamls.map(entry, file + " patches entry");
            for (String key : spec.keySet()) {
                if (!Set.of("path", "patch", "target").contains(key)) {
                    throw new AssertionError(file + ": patches field '" + key + "' is not understood by the manifest checks");
                }
            }
            Object body;
            String where;
            if (spec.get("path") != null) {
                Path p = resolveExisting(dir, String.valueOf(spec.get("path")), file);
                files.add(p);
                body = Yamls.single(p);
                where = p.toString();
            } else if (spec.get("patch") != null) {
                where = file + " (inline patch)";
                body = Yamls.parse(String.valueOf(spec.get("patch")), where);
            } else {
                throw new AssertionError(file + ": a patches entry needs path or patch");
            }
            Map<String, Object> target = spec.get("target") == null ? null : Yamls.map(spec.get("target"), where + " target");
            if (body instanceof List<?> ops) {
                if (target == null) throw new AssertionError(where + ": a JSON 6902 patch needs a target");
                List<Integer> hits = matching(acc, target, where);
                for (int i : hits) JsonPatch.apply(acc.get(i), Yamls.list(ops, where), where);
            } else {
                Map<String, Object> smp = Yamls.map(body, where);
                Map<String, Object> selector = target;
                if (selector == null) {
                    selector = new LinkedHashMap<>();
                    selector.put("kind", smp.get("kind"));
                    selector.put("name", Yamls.at(smp, "metadata.name"));
                    String[] gv = groupVersion(smp);
                    selector.put("group", gv[0]);
                }
                for (int i : matching(acc, selector, where)) {
                    Map<String, Object> r = acc.get(i);
                    Map<String, Object> p = Yamls.deepCopy(smp);
                    if (target != null) {
                        // with an explicit target the patch's own identity is not used
                        p.remove("apiVersion");
                        p.remove("kind");
                        Map<String, Object> meta = Yamls.mapAt(p, "metadata");
                        if (meta != null) meta.remove("name");
                    }
                    acc.set(i, StrategicMerge.merge(r, p, isBuiltIn(r)));
                }
            }
        }
    }

    private static List<Integer> matching(List<Map<String, Object>> acc, Map<String, Object> target, String where) {
        for (String key : target.keySet()) {
            if (!Set.of("kind", "name", "group", "version", "namespace").contains(key)) {
                throw new AssertionError(where + ": target field '" + key + "' is not understood by the manifest checks");
            }
        }
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i < acc.size(); i++) {
            Map<String, Object> r = acc.get(i);
            String[] gv = groupVersion(r);
            if (!matches(target.get("kind"), kindOf(r))) continue;
            if (!matches(target.get("name"), nameOf(r))) continue;
            if (!matches(target.get("group"), gv[0])) continue;
            if (!matches(target.get("version"), gv[1])) continue;
            hits.add(i);
        }
        if (hits.isEmpty()) throw new AssertionError(where + ": the patch matches no resource (target " + target + ")");
        return hits;
    }

    /** kustomize target fields are anchored regular expressions. */
    private static boolean matches(Object pattern, String value) {
        if (pattern == null) return true;
        return value != null && Pattern.matches(String.valueOf(pattern), value);
    }

    // ---- images ----

    private static void images(List<Map<String, Object>> acc, Map<String, Object> kz, Path file) {
        for (Object entry : Yamls.list(kz.get("images"), file + " images")) {
            Map<String, Object> spec = Yamls.map(entry, file + " images entry");
            String name = Yamls.str(spec.get("name"));
            for (Map<String, Object> r : acc) {
                for (Map<String, Object> c : Manifests.allContainers(r)) {
                    String image = Yamls.str(c.get("image"));
                    if (image == null) continue;
                    Manifests.ImageRef ref = Manifests.ImageRef.parse(image);
                    if (!ref.name().equals(name)) continue;
                    String newName = spec.get("newName") != null ? Yamls.str(spec.get("newName")) : ref.name();
                    String tag = spec.get("newTag") != null ? Yamls.str(spec.get("newTag")) : ref.tag();
                    String digest = spec.get("digest") != null ? Yamls.str(spec.get("digest")) : ref.digest();
                    c.put("image", newName + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : ""));
                }
            }
        }
    }

    // ---- labels ----

    private static void labels(List<Map<String, Object>> acc, Map<String, Object> kz, Path file) {
        for (Object entry : Yamls.list(kz.get("labels"), file + " labels")) {
            Map<String, Object> spec = Yamls.map(entry, file + " labels entry");
            if (Boolean.TRUE.equals(spec.get("includeSelectors"))) {
                throw new AssertionError(file + ": labels with includeSelectors: true would change immutable selectors of"
                    + " running Deployments; the cbn manifests keep selectors fixed");
            }
            Map<String, Object> pairs = Yamls.map(spec.get("pairs"), file + " labels pairs");
            boolean templates = Boolean.TRUE.equals(spec.get("includeTemplates"));
            for (Map<String, Object> r : acc) {
                addLabels(metadata(r), pairs);
                if (!templates) continue;
                String kind = kindOf(r);
                if (POD_TEMPLATE_KINDS.contains(kind)) {
                    addLabels(child(child(child(r, "spec"), "template"), "metadata"), pairs);
                } else if ("CronJob".equals(kind)) {
                    Map<String, Object> jobTemplate = child(child(r, "spec"), "jobTemplate");
                    addLabels(child(jobTemplate, "metadata"), pairs);
                    addLabels(child(child(child(jobTemplate, "spec"), "template"), "metadata"), pairs);
                }
            }
        }
    }

    private static void addLabels(Map<String, Object> meta, Map<String, Object> pairs) {
        Map<String, Object> labels = child(meta, "labels");
        pairs.forEach((k, v) -> labels.put(k, String.valueOf(v)));
    }

    // ---- identity helpers ----

    static String kindOf(Map<String, Object> r) {
        return Yamls.str(r.get("kind"));
    }

    static String nameOf(Map<String, Object> r) {
        return Yamls.str(Yamls.at(r, "metadata.name"));
    }

    static String id(Map<String, Object> r) {
        return groupVersion(r)[0] + "/" + kindOf(r) + "/" + nameOf(r);
    }

    /** {group, version} of a resource's apiVersion ("" for the core group). */
    static String[] groupVersion(Map<String, Object> r) {
        String av = Yamls.str(r.get("apiVersion"));
        if (av == null) return new String[] {"", ""};
        int slash = av.indexOf('/');
        return slash < 0 ? new String[] {"", av} : new String[] {av.substring(0, slash), av.substring(slash + 1)};
    }

    /** Built-in Kubernetes kinds get strategic merge (lists merged by key); custom resources JSON merge semantics. */
    static boolean isBuiltIn(Map<String, Object> r) {
        String group = groupVersion(r)[0];
        return group.isEmpty() || !group.contains(".") || group.endsWith(".k8s.io");
    }

    private static Map<String, Object> metadata(Map<String, Object> r) {
        return child(r, "metadata");
    }

    private static Map<String, Object> child(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            Map<String, Object> created = new LinkedHashMap<>();
            m.put(key, created);
            return created;
        }
        return Yamls.map(v, key);
    }
}
