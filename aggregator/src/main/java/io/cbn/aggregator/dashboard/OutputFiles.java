package io.cbn.aggregator.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which file an output link may serve (docs/design.md, "Dashboard"): only an output the run's items.jsonl lists
 * (the link names the line by its offset and the output by its index, so nothing of the path comes from the
 * request), and only when it resolves, symbolic links followed, to a regular file under the run's output root.
 * Plain Java.
 */
public final class OutputFiles {

    private OutputFiles() {
    }

    /** The file of output {@code index} of {@code item}, or empty when it is not a safe, existing file. */
    public static Optional<Path> resolve(String outputRoot, ItemPager.Item item, int index) throws IOException {
        if (outputRoot == null || item == null || index < 0 || index >= item.outputs().size()) {
            return Optional.empty();
        }
        return resolve(Path.of(outputRoot), item.outputs().get(index).path());
    }

    /** {@code relative} under {@code root}, or empty when it is absolute, climbs out, or is not a regular file. */
    static Optional<Path> resolve(Path root, String relative) throws IOException {
        if (relative == null || relative.isEmpty() || relative.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        Path rel = Path.of(relative);
        if (rel.isAbsolute()) {
            return Optional.empty();
        }
        for (Path part : rel) {
            if (part.toString().equals("..")) {
                return Optional.empty();
            }
        }
        Path candidate = root.resolve(rel).normalize();
        if (!candidate.startsWith(root.normalize()) || !Files.isRegularFile(candidate)) {
            return Optional.empty();
        }
        Path real = candidate.toRealPath();
        Path realRoot = root.toRealPath();
        if (!real.startsWith(realRoot) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(real);
    }
}
