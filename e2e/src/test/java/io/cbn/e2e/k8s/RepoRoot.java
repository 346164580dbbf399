package io.cbn.e2e.k8s;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository root: system property {@code cbn.home} when set (Failsafe sets it), otherwise the first directory
 * at or above the working directory that holds the {@code cbn} script and {@code deploy/k8s} (Surefire runs the
 * tests in e2e/).
 */
final class RepoRoot {

    private RepoRoot() {
    }

    static Path find() {
        String home = System.getProperty("cbn.home");
        if (home != null && !home.isBlank()) {
            Path p = Path.of(home).toAbsolutePath().normalize();
            if (isRoot(p)) return p;
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (isRoot(p)) return p;
        }
        throw new IllegalStateException("cannot find the cbn repository root (a directory with the cbn script and deploy/k8s)"
            + " at or above " + Path.of("").toAbsolutePath() + "; set -Dcbn.home");
    }

    private static boolean isRoot(Path p) {
        return Files.isRegularFile(p.resolve("cbn")) && Files.isDirectory(p.resolve("deploy/k8s"));
    }
}
