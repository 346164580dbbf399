package io.cbn.e2e.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strategic-merge patching as kustomize does it for the fields deploy/k8s patches: maps merge recursively, a null
 * value deletes the key, lists of built-in kinds with a merge key (containers and volumes by name, env by name,
 * volumeMounts by mountPath, ports by containerPort / port) merge element by element, every other list is
 * replaced. Custom resources (no schema) get JSON merge semantics: every list is replaced.
 */
final class StrategicMerge {

    private StrategicMerge() {
    }

    static Map<String, Object> merge(Map<String, Object> original, Map<String, Object> patch, boolean builtIn) {
        Map<String, Object> result = Yamls.deepCopy(original);
        mergeInto(result, patch, builtIn, "", Kustomize.kindOf(original));
        return result;
    }

    private static void mergeInto(Map<String, Object> target, Map<String, Object> patch, boolean builtIn, String path, String kind) {
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            if (key.startsWith("$")) throw new AssertionError("strategic-merge directive " + key + " at " + path + " is not supported by the manifest checks");
            Object current = target.get(key);
            if (value == null) {
                target.remove(key);
            } else if (value instanceof Map<?, ?> && current instanceof Map<?, ?>) {
                mergeInto(Yamls.map(current, path + "." + key), Yamls.map(value, key), builtIn, path + "." + key, kind);
            } else if (value instanceof List<?> && current instanceof List<?> && builtIn && mergeKey(key, kind) != null) {
                target.put(key, mergeList(Yamls.list(current, key), Yamls.list(value, key), mergeKey(key, kind), builtIn, path + "." + key, kind));
            } else {
                target.put(key, Yamls.deepCopy(value));
            }
        }
    }

    /** The merge key of a list field of a built-in kind, or null when the list is replaced. */
    static String mergeKey(String field, String kind) {
        return switch (field) {
            case "containers", "initContainers", "ephemeralContainers", "volumes", "env", "imagePullSecrets" -> "name";
            case "volumeMounts", "volumeDevices" -> "mountPath";
            case "ports" -> "Service".equals(kind) ? "port" : "containerPort";
            default -> null;
        };
    }

    /**
     * kustomize (kyaml) order: the patch's elements first, in patch order, merged into their originals, then the
     * original elements the patch does not mention, in their order.
     */
    private static List<Object> mergeList(List<Object> original, List<Object> patch, String key, boolean builtIn, String path, String kind) {
        List<Object> result = new ArrayList<>();
        List<Object> rest = new ArrayList<>(Yamls.deepCopy(original));
        for (Object p : patch) {
            Map<String, Object> pm = Yamls.map(p, path);
            Object k = pm.get(key);
            if (k == null) throw new AssertionError(path + ": patch element without its merge key '" + key + "': " + pm);
            Map<String, Object> match = null;
            for (Object o : rest) {
                Map<String, Object> om = Yamls.map(o, path);
                if (String.valueOf(k).equals(String.valueOf(om.get(key)))) {
                    match = om;
                    break;
                }
            }
            if (match == null) {
                result.add(Yamls.deepCopy(pm));
            } else {
                rest.remove(match);
                Map<String, Object> merged = new LinkedHashMap<>(match);
                mergeInto(merged, pm, builtIn, path + "[" + k + "]", kind);
                result.add(merged);
            }
        }
        result.addAll(rest);
        return result;
    }
}
