package io.cbn.producer;

import java.nio.file.Path;

/**
 * A regular file found under a source root.
 *
 * @param root         the absolute, normalised source root
 * @param relativePath path relative to the root, '/' separated
 * @param sizeBytes    size in bytes
 * @param mtimeMillis  last modification time
 */
public record SourceFile(Path root, String relativePath, long sizeBytes, long mtimeMillis) {
}
