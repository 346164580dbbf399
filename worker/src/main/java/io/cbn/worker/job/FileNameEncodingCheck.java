package io.cbn.worker.job;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.cbn.schemas.names.FileNameEncoding;
import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start a worker whose JVM does not map file names as UTF-8 (docs/design.md, Messages: file names).
 * Java maps names through {@code sun.jnu.encoding}, fixed from the locale when the JVM starts (on Java 17
 * {@code -Dsun.jnu.encoding} is ignored: measured); with {@code LANG} unset it is ASCII and every output name that
 * is not plain ASCII could not be written. Sources are opened by their bytes whatever the locale ({@link JobPaths});
 * outputs need UTF-8. The launcher and the container images set {@code LC_ALL=C.UTF-8}.
 */
@Singleton
public class FileNameEncodingCheck {

    private static final Logger LOG = Logger.getLogger(FileNameEncodingCheck.class);

    void onStart(@Observes @Priority(1) StartupEvent event) {
        String problem = FileNameEncoding.problemOfThisJvm("worker", "names that are not ASCII would be lost");
        if (problem != null) {
            LOG.error(problem);
            throw new IllegalStateException(problem);
        }
    }
}
