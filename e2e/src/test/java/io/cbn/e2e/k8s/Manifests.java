package io.cbn.e2e.k8s;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading Kubernetes objects: pod specs, containers, images, quantities, durations. */
final class Manifests {

    private Manifests() {
    }

    /** The pod spec of a workload (Deployment, StatefulSet, DaemonSet, Job: spec.template; CronJob: its job's), or null. */
    static Map<String, Object> podSpec(Map<String, Object> r) {
        String kind = Kustomize.kindOf(r);
        if ("CronJob".equals(kind)) return Yamls.mapAt(r, "spec.jobTemplate.spec.template.spec");
        if (Yamls.at(r, "spec.template.spec.containers") != null) return Yamls.mapAt(r, "spec.template.spec");
        return null;
    }

    /** Pod template labels of a workload. */
    static Map<String, Object> podLabels(Map<String, Object> r) {
        String kind = Kustomize.kindOf(r);
        Map<String, Object> labels = "CronJob".equals(kind)
            ? Yamls.mapAt(r, "spec.jobTemplate.spec.template.metadata.labels")
            : Yamls.mapAt(r, "spec.template.metadata.labels");
        return labels == null ? Map.of() : labels;
    }

    static List<Map<String, Object>> containers(Map<String, Object> r) {
        Map<String, Object> pod = podSpec(r);
        if (pod == null) return List.of();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object c : Yamls.list(pod.get("containers"), "containers")) out.add(Yamls.map(c, "container"));
        return out;
    }

    /** Containers and init containers of a workload (what kustomize's images transformer touches). */
    static List<Map<String, Object>> allContainers(Map<String, Object> r) {
        Map<String, Object> pod = podSpec(r);
        if (pod == null) return List.of();
        List<Map<String, Object>> out = new ArrayList<>();
        for (String field : List.of("initContainers", "containers")) {
            for (Object c : Yamls.list(pod.get(field), field)) out.add(Yamls.map(c, "container"));
        }
        return out;
    }

    /** The container port (number) a probe or Service names: a number, or the name of a container port. */
    static Integer resolvePort(Map<String, Object> container, Object port) {
        if (port == null) return null;
        if (port instanceof Number n) return n.intValue();
        for (Object p : Yamls.list(container.get("ports"), "ports")) {
            Map<String, Object> pm = Yamls.map(p, "port");
            if (String.valueOf(port).equals(Yamls.str(pm.get("name")))) return ((Number) pm.get("containerPort")).intValue();
        }
        return null;
    }

    /** Literal env values of a container plus ConfigMap-backed ones resolved against the given ConfigMaps. */
    static Map<String, String> envValues(Map<String, Object> container, Map<String, Map<String, Object>> configMaps) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Object f : Yamls.list(container.get("envFrom"), "envFrom")) {
            String cm = Yamls.str(Yamls.at(f, "configMapRef.name"));
            if (cm != null && configMaps.containsKey(cm)) {
                Map<String, Object> data = Yamls.mapAt(configMaps.get(cm), "data");
                if (data != null) data.forEach((k, v) -> env.put(k, String.valueOf(v)));
            }
        }
        for (Object e : Yamls.list(container.get("env"), "env")) {
            Map<String, Object> em = Yamls.map(e, "env");
            String name = Yamls.str(em.get("name"));
            if (em.containsKey("value")) {
                env.put(name, Yamls.str(em.get("value")));
            } else {
                String cm = Yamls.str(Yamls.at(em, "valueFrom.configMapKeyRef.name"));
                String key = Yamls.str(Yamls.at(em, "valueFrom.configMapKeyRef.key"));
                if (cm != null && configMaps.containsKey(cm)) {
                    Map<String, Object> data = Yamls.mapAt(configMaps.get(cm), "data");
                    if (data != null && data.containsKey(key)) env.put(name, String.valueOf(data.get(key)));
                } else {
                    // fieldRef, secretKeyRef...: set at run time, value unknown here
                    env.put(name, "<runtime>");
                }
            }
        }
        return env;
    }

    /** -Dkey=value system properties in a JVM options string. */
    static Map<String, String> systemProperties(String jvmOptions) {
        Map<String, String> props = new LinkedHashMap<>();
        if (jvmOptions == null) return props;
        for (String opt : jvmOptions.trim().split("\\s+")) {
            if (opt.startsWith("-D")) {
                int eq = opt.indexOf('=');
                if (eq > 2) props.put(opt.substring(2, eq), opt.substring(eq + 1));
                else props.put(opt.substring(2), "");
            }
        }
        return props;
    }

    private static final Pattern XMX = Pattern.compile("(?:^|\\s)-Xmx(\\d+)([kKmMgG]?)(?=\\s|$)");

    /** The -Xmx of a JVM options string in bytes, or null. The last one wins, as in the JVM. */
    static Long xmxBytes(String jvmOptions) {
        if (jvmOptions == null) return null;
        Matcher m = XMX.matcher(jvmOptions);
        Long last = null;
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            last = switch (m.group(2).toLowerCase()) {
                case "k" -> n << 10;
                case "m" -> n << 20;
                case "g" -> n << 30;
                default -> n;
            };
        }
        return last;
    }

    private static final Pattern QUANTITY = Pattern.compile("^([0-9.]+)([a-zA-Z]*)$");

    /** A memory quantity ("2Gi", "1536Mi", "500M") in bytes. */
    static long memoryBytes(Object quantity) {
        Matcher m = QUANTITY.matcher(String.valueOf(quantity));
        if (!m.matches()) throw new AssertionError("bad memory quantity " + quantity);
        BigDecimal n = new BigDecimal(m.group(1));
        long unit = switch (m.group(2)) {
            case "" -> 1L;
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "Ti" -> 1L << 40;
            case "k" -> 1000L;
            case "M" -> 1000_000L;
            case "G" -> 1000_000_000L;
            case "T" -> 1000_000_000_000L;
            default -> throw new AssertionError("bad memory unit in " + quantity);
        };
        return n.multiply(BigDecimal.valueOf(unit)).longValueExact();
    }

    /** A CPU quantity ("2", "500m", 1.5) in millicores. */
    static long milliCpu(Object quantity) {
        String s = String.valueOf(quantity);
        if (s.endsWith("m")) return Long.parseLong(s.substring(0, s.length() - 1));
        return new BigDecimal(s).multiply(BigDecimal.valueOf(1000)).longValueExact();
    }

    private static final Pattern SIMPLE_DURATION = Pattern.compile("^(\\d+)(ms|s|m|h|d)?$");

    /** A duration as SmallRye Config reads it: ISO-8601 ("PT30M") or a number with unit ms/s/m/h/d (seconds without). */
    static Duration duration(String s) {
        String t = s.trim();
        if (t.toUpperCase().startsWith("P")) return Duration.parse(t.toUpperCase());
        Matcher m = SIMPLE_DURATION.matcher(t);
        if (!m.matches()) throw new AssertionError("not a duration: " + s);
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** An image reference split into name, tag and digest (a registry port is part of the name). */
    record ImageRef(String name, String tag, String digest) {
        static ImageRef parse(String image) {
            String rest = image;
            String digest = null;
            int at = rest.indexOf('@');
            if (at >= 0) {
                digest = rest.substring(at + 1);
                rest = rest.substring(0, at);
            }
            String tag = null;
            int colon = rest.lastIndexOf(':');
            if (colon > rest.lastIndexOf('/')) {
                tag = rest.substring(colon + 1);
                rest = rest.substring(0, colon);
            }
            return new ImageRef(rest, tag, digest);
        }

        /** The last path segment of the name: "cbn/cbn-worker" -> "cbn-worker". */
        String shortName() {
            return name.substring(name.lastIndexOf('/') + 1);
        }
    }
}
