package io.cbn.worker.job;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The path prefixes a job's source and output roots must lie under ({@code cbn.worker.allowed-roots}, docs/design.md,
 * Security). Decided from the job's text alone, before any file is opened: a root is normalised ({@code ..} and
 * {@code .} resolved as text) and must equal an allowed prefix or lie below it, so {@code /data/source/../etc} is
 * {@code /etc} and {@code /data/sourcex} is not under {@code /data/source}. Symbolic links inside an allowed root are
 * the operator's own volume layout and are not followed here.
 */
public final class AllowedRoots {

    private final List<Path> prefixes;

    private AllowedRoots(List<Path> prefixes) {
        this.prefixes = prefixes;
    }

    /** Every root allowed (no {@code cbn.worker.allowed-roots} given: dev and test). */
    public static AllowedRoots any() {
        return new AllowedRoots(List.of());
    }

    /** @throws IllegalArgumentException for a prefix that is not an absolute path */
    public static AllowedRoots of(List<String> prefixes) {
        List<Path> ps = prefixes.stream().map(String::strip).filter(s -> !s.isEmpty()).map(s -> {
            Path p = Path.of(s);
            if (!p.isAbsolute()) throw new IllegalArgumentException("cbn.worker.allowed-roots: '" + s + "' is not an absolute path");
            return p.normalize();
        }).toList();
        return new AllowedRoots(ps);
    }

    public boolean restricts() {
        return !prefixes.isEmpty();
    }

    /** Empty when both roots are allowed, else why not (naming the root, never reading it). */
    public Optional<String> problem(String sourceRoot, String outputRoot) {
        if (prefixes.isEmpty()) return Optional.empty();
        Optional<String> s = check("source root", sourceRoot);
        return s.isPresent() ? s : check("output root", outputRoot);
    }

    private Optional<String> check(String what, String root) {
        Path p;
        try {
            p = root == null ? null : Path.of(root);
        } catch (InvalidPathException e) {
            return Optional.of("the job's " + what + " is not a valid path");
        }
        if (p == null || !p.isAbsolute()) return Optional.of("the job's " + what + " '" + root + "' is not an absolute path");
        Path n = p.normalize();
        for (Path prefix : prefixes) {
            if (n.startsWith(prefix)) return Optional.empty();
        }
        return Optional.of("the job's " + what + " " + n + " is outside this worker's allowed roots " + prefixes
                + " (cbn.worker.allowed-roots): not opened");
    }
}
