package io.cbn.producer;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each source root's templates go. A run with one source root writes under the output path, mirroring each
 * file's path under the root (unchanged). A run with several roots writes each root's templates under
 * {@code <output>/<root name>/}, so two roots holding the same relative path keep their own templates; the root
 * name is the root's last path segment, followed by {@code -<position in --source-paths>} when two roots of the
 * run share that segment ({@code /a/photos}, {@code /b/photos} give {@code photos-1}, {@code photos-2}).
 *
 * <p>The job carries it in {@code ImageJob.outputRoot} as {@code <output>/./<root name>}: the path names the
 * directory the templates go to (any path API reads {@code /./} as "here"), and the worker reads the part before
 * {@code /./} as the run's output root, so the output paths it reports stay relative to the run's
 * {@code outputPath} (what the aggregator verifies against).
 */
public final class OutputLayout {

    /** Separates the run's output root from a per-root subfolder in {@code ImageJob.outputRoot}. */
    public static final String SUBFOLDER_MARK = "/./";

    private OutputLayout() {
    }

    /** Source root to the {@code outputRoot} its jobs carry, in the order of {@code roots}. */
    public static Map<Path, String> outputRoots(List<Path> roots, String outputPath) {
        Map<Path, String> result = new LinkedHashMap<>();
        if (roots.size() <= 1) {
            roots.forEach(r -> result.put(r, outputPath));
            return result;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (Path r : roots) {
            seen.merge(segment(r), 1, Integer::sum);
        }
        String base = outputPath.endsWith("/") ? outputPath.substring(0, outputPath.length() - 1) : outputPath;
        for (int i = 0; i < roots.size(); i++) {
            Path r = roots.get(i);
            String name = segment(r);
            String label = seen.get(name) > 1 ? name + "-" + (i + 1) : name;
            result.put(r, base + SUBFOLDER_MARK + label);
        }
        return result;
    }

    private static String segment(Path root) {
        Path name = root.getFileName();
        String s = name == null ? "root" : name.toString();
        // a readable, portable folder name: no separators, no lossy decoding left in it
        s = s.replace('\uFFFD', '_').replace('\\', '_');
        return s.isEmpty() || s.equals(".") || s.equals("..") ? "root" : s;
    }
}
