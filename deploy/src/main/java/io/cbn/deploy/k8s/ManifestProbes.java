package io.cbn.deploy.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the HTTP probe paths of a Deployment under deploy/k8s, so a service's own {@code @QuarkusTest} can check
 * that the paths Kubernetes will call are ones the running app really serves.
 */
public final class ManifestProbes {
    private static final Pattern PROBE = Pattern.compile(
        "(startupProbe|readinessProbe|livenessProbe):\\s*\\n\\s*httpGet:\\s*\\n\\s*path:\\s*(\\S+)");

    private ManifestProbes() { }

    /** The repository's deploy/k8s/base directory, found from a module's working directory. */
    public static Path baseDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path base = p.resolve("deploy/k8s/base");
            if (Files.isDirectory(base)) return base;
        }
        throw new IllegalStateException("deploy/k8s/base not found above " + Path.of("").toAbsolutePath());
    }

    /** Probe kind (startupProbe, readinessProbe, livenessProbe) to HTTP path, in file order. */
    public static Map<String, String> httpPaths(Path manifest) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = PROBE.matcher(Files.readString(manifest));
        while (m.find()) out.put(m.group(1), m.group(2));
        return out;
    }
}
