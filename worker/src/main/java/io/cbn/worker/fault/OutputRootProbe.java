package io.cbn.worker.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks that an output root can take files: creates it if missing, then creates and deletes a temp file in it.
 * Tests run as root, where permission bits do not stop writes; a regular file standing where the directory
 * should be does, and that is how the tests simulate an unwritable volume.
 */
public class OutputRootProbe {

    /** Empty when {@code outputRoot} is a writable directory, otherwise what is wrong with it. */
    public Optional<String> check(Path outputRoot) {
        try {
            Files.createDirectories(outputRoot);
            Path probe = Files.createTempFile(outputRoot, ".cbn-probe-", ".tmp");
            Files.delete(probe);
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.of("output root " + outputRoot + " is not a writable directory: " + describe(e));
        }
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
}
