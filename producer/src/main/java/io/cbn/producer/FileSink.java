package io.cbn.producer;

/** Receives the files a walk finds, one at a time. */
@FunctionalInterface
public interface FileSink {

    /** @return false to stop the walk (e.g. publishing failed) */
    boolean accept(SourceFile file);
}
