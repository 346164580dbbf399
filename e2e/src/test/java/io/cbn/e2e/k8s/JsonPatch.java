package io.cbn.e2e.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** RFC 6902 add / replace / remove / test with RFC 6901 pointers: what kustomize's inline JSON patches use. */
final class JsonPatch {

    private JsonPatch() {
    }

    static void apply(Map<String, Object> doc, List<Object> ops, String where) {
        for (Object o : ops) {
            Map<String, Object> op = Yamls.map(o, where + " operation");
            String kind = Yamls.str(op.get("op"));
            String path = Yamls.str(op.get("path"));
            if (path == null || !path.startsWith("/")) throw new AssertionError(where + ": bad JSON patch path " + path);
            List<String> steps = pointer(path);
            Object parent = doc;
            for (int i = 0; i < steps.size() - 1; i++) {
                parent = step(parent, steps.get(i), where, path);
            }
            String last = steps.get(steps.size() - 1);
            Object value = Yamls.deepCopy(op.get("value"));
            switch (kind == null ? "" : kind) {
                case "add" -> add(parent, last, value, where, path);
                case "replace" -> {
                    requireExists(parent, last, where, path);
                    set(parent, last, value);
                }
                case "remove" -> {
                    requireExists(parent, last, where, path);
                    if (parent instanceof Map<?, ?> m) m.remove(last);
                    else Yamls.list(parent, path).remove(index(last, where, path));
                }
                case "test" -> {
                    requireExists(parent, last, where, path);
                    Object actual = step(parent, last, where, path);
                    if (!String.valueOf(actual).equals(String.valueOf(value))) {
                        throw new AssertionError(where + ": JSON patch test failed at " + path + ": " + actual + " != " + value);
                    }
                }
                default -> throw new AssertionError(where + ": JSON patch op '" + kind + "' is not supported by the manifest checks");
            }
        }
    }

    private static List<String> pointer(String path) {
        List<String> steps = new ArrayList<>();
        for (String s : path.substring(1).split("/", -1)) steps.add(s.replace("~1", "/").replace("~0", "~"));
        return steps;
    }

    private static Object step(Object parent, String key, String where, String path) {
        if (parent instanceof Map<?, ?> m) {
            if (!m.containsKey(key)) throw new AssertionError(where + ": JSON patch path " + path + " does not exist (at " + key + ")");
            return m.get(key);
        }
        if (parent instanceof List<?> l) {
            int i = index(key, where, path);
            if (i >= l.size()) throw new AssertionError(where + ": JSON patch path " + path + " is past the end of a list");
            return l.get(i);
        }
        throw new AssertionError(where + ": JSON patch path " + path + " goes through a scalar");
    }

    private static void requireExists(Object parent, String key, String where, String path) {
        step(parent, key, where, path);
    }

    @SuppressWarnings("unchecked")
    private static void set(Object parent, String key, Object value) {
        if (parent instanceof Map<?, ?> m) ((Map<String, Object>) m).put(key, value);
        else ((List<Object>) parent).set(Integer.parseInt(key), value);
    }

    @SuppressWarnings("unchecked")
    private static void add(Object parent, String key, Object value, String where, String path) {
        if (parent instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).put(key, value);
        } else if (parent instanceof List<?> l) {
            List<Object> list = (List<Object>) l;
            if ("-".equals(key)) list.add(value);
            else list.add(index(key, where, path), value);
        } else {
            throw new AssertionError(where + ": JSON patch path " + path + " goes through a scalar");
        }
    }

    private static int index(String key, String where, String path) {
        try {
            return Integer.parseInt(key);
        } catch (NumberFormatException e) {
            throw new AssertionError(where + ": JSON patch path " + path + ": '" + key + "' is not a list index");
        }
    }
}
