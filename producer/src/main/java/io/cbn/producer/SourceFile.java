package io.cbn.producer;

import java.nio.file.Path;

/**
 * A regular file found under a source root.
 *
 * @param root              the absolute, normalised source root
 * @param relativePath      path relative to the root, '/' separated: the name itself when it is valid UTF-8, else
 *                          its readable escaped form ({@link FileNames#escape(byte[])})
 * @param sizeBytes         size in bytes
 * @param mtimeMillis       last modification time
 * @param relativePathBytes the raw bytes of the relative path when it is not valid UTF-8, else null
 */
public record SourceFile(Path root, String relativePath, long sizeBytes, long mtimeMillis, byte[] relativePathBytes) {

    public SourceFile(Path root, String relativePath, long sizeBytes, long mtimeMillis) {
        this(root, relativePath, sizeBytes, mtimeMillis, null);
    }
}
