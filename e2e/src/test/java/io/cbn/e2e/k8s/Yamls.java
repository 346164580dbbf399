package io.cbn.e2e.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** YAML loading and navigation of the parsed trees (maps, lists, scalars) for the manifest checks. */
final class Yamls {

    private Yamls() {
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        // a key given twice silently keeps the last value in Kubernetes too: a real bug, so refuse it
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options));
    }

    /** Every non-empty document of a file. */
    static List<Object> documents(Path file) {
        String text = read(file);
        List<Object> docs = new ArrayList<>();
        try {
            for (Object doc : yaml().loadAll(text)) {
                if (doc != null) docs.add(doc);
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException("invalid YAML in " + file + ": " + e.getMessage(), e);
        }
        return docs;
    }

    /** The single document of a file. */
    static Object single(Path file) {
        List<Object> docs = documents(file);
        if (docs.size() != 1) throw new IllegalStateException(file + ": expected one YAML document, found " + docs.size());
        return docs.get(0);
    }

    static Object parse(String text, String where) {
        try {
            return yaml().load(text);
        } catch (RuntimeException e) {
            throw new IllegalStateException("invalid YAML in " + where + ": " + e.getMessage(), e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String what) {
        if (o instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new IllegalStateException(what + ": expected a mapping, got " + describe(o));
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o, String what) {
        if (o == null) return List.of();
        if (o instanceof List<?> l) return (List<Object>) l;
        throw new IllegalStateException(what + ": expected a list, got " + describe(o));
    }

    /** The value at a dotted path of map keys ("spec.template.spec"), or null when any step is missing. */
    static Object at(Object root, String path) {
        Object cur = root;
        for (String step : path.split("\\.")) {
            if (!(cur instanceof Map<?, ?> m)) return null;
            cur = m.get(step);
        }
        return cur;
    }

    static Map<String, Object> mapAt(Object root, String path) {
        Object o = at(root, path);
        return o == null ? null : map(o, path);
    }

    static List<Object> listAt(Object root, String path) {
        return list(at(root, path), path);
    }

    static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    /** A deep, mutable copy (maps keep their key order). */
    @SuppressWarnings("unchecked")
    static <T> T deepCopy(T o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
            return (T) copy;
        }
        if (o instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(deepCopy(v)));
            return (T) copy;
        }
        return o;
    }

    private static String describe(Object o) {
        return o == null ? "nothing" : o.getClass().getSimpleName() + " " + o;
    }
}
