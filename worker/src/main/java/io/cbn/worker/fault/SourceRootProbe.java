package io.cbn.worker.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checks that a job's source root is there: a readable directory. Asked only after a job's source was not found,
 * to tell a file deleted since it was enqueued (that job alone is FAILED SOURCE_MISSING) from a source volume that
 * went away (every job of the run would be; that is a systemic fault, and the jobs are held instead).
 */
public class SourceRootProbe {

    /** Empty when {@code sourceRoot} is a readable directory, otherwise what is wrong with it. */
    public Optional<String> check(Path sourceRoot) {
        if (!Files.isDirectory(sourceRoot)) {
            return Optional.of("source root " + sourceRoot + " is missing or not a directory (volume not mounted?)");
        }
        try (Stream<Path> entries = Files.list(sourceRoot)) {
            entries.findAny();
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.of("source root " + sourceRoot + " can not be listed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }
}
