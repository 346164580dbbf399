package io.cbn.worker.job;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

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
        String problem = problem(System.getProperty("sun.jnu.encoding", ""));
        if (problem != null) {
            LOG.error(problem);
            throw new IllegalStateException(problem);
        }
    }

    /** Null when {@code jnuEncoding} is UTF-8, else why the worker does not start. */
    static String problem(String jnuEncoding) {
        if ("UTF-8".equalsIgnoreCase(jnuEncoding)) return null;
        return "cbn worker: this JVM maps file names as " + jnuEncoding + " (sun.jnu.encoding, from the locale), not UTF-8:"
                + " names that are not ASCII would be lost. Start it with a UTF-8 locale, e.g. LC_ALL=C.UTF-8"
                + " (./cbn and the container images set it); -Dsun.jnu.encoding does not work on Java 17.";
    }
}
