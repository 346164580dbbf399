package io.cbn.producer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Checks the paths of a run before anything is enqueued. */
public final class SourcePaths {

    private SourcePaths() {
    }

    /**
     * The source roots as absolute, normalised paths, in the given order.
     *
     * @throws IllegalArgumentException naming the path: missing, not a directory, unreadable,
     *         given twice, or inside another source (its files would be enqueued twice)
     */
    public static List<Path> validateSources(List<Path> sources) {
        if (sources == null || sources.isEmpty()) {
            throw new IllegalArgumentException("no --source-paths given");
        }
        List<Path> roots = new ArrayList<>();
        List<Path> real = new ArrayList<>();
        for (Path source : sources) {
            Path root = source.toAbsolutePath().normalize();
            if (!Files.exists(root)) {
                throw new IllegalArgumentException("source path " + source + " does not exist");
            }
            if (!Files.isDirectory(root)) {
                throw new IllegalArgumentException("source path " + source + " is not a directory");
            }
            if (!Files.isReadable(root)) {
                throw new IllegalArgumentException("source path " + source + " is not readable");
            }
            Path resolved = realPath(root);
            for (int i = 0; i < real.size(); i++) {
                Path other = real.get(i);
                if (resolved.equals(other)) {
                    throw new IllegalArgumentException("source path " + source + " is given twice (same directory as " + roots.get(i) + ")");
                }
                if (resolved.startsWith(other) || other.startsWith(resolved)) {
                    throw new IllegalArgumentException("source paths " + roots.get(i) + " and " + source
                            + " overlap: the files inside both would be enqueued twice");
                }
            }
            roots.add(root);
            real.add(resolved);
        }
        return List.copyOf(roots);
    }

    /**
     * The path as absolute and normalised.
     *
     * @param what "output path" / "admin path", for the message
     * @throws IllegalArgumentException if it is (or would be) inside one of the source roots: the
     *         next walk would enqueue what the run writes there
     */
    public static Path validateOutside(Path path, String what, List<Path> roots) {
        Path absolute = path.toAbsolutePath().normalize();
        Path resolved = realPathOfNearestExisting(absolute);
        for (Path root : roots) {
            if (resolved.startsWith(realPath(root))) {
                throw new IllegalArgumentException(what + " " + path + " is inside source path " + root
                        + ": the next walk would enqueue the run's own files; choose a directory outside the sources");
            }
        }
        if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(absolute)) {
            throw new IllegalArgumentException(what + " " + path + " exists and is not a directory");
        }
        return absolute;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }

    /** Real path of the nearest existing ancestor, with the missing rest appended. */
    private static Path realPathOfNearestExisting(Path absolute) {
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        return realPath(existing).resolve(existing.relativize(absolute));
    }
}
