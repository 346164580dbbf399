package io.cbn.aggregator.service;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start an aggregator whose JVM does not map file names as UTF-8 (docs/design.md, Messages: file
 * names). It re-hashes outputs named after their sources ({@code naïve.svg}); with {@code LANG} unset Java maps
 * names as ASCII ({@code sun.jnu.encoding}, fixed from the locale at start; {@code -Dsun.jnu.encoding} is ignored on
 * Java 17) and could not name them, reporting good outputs as problems. The launcher and the images set
 * {@code LC_ALL=C.UTF-8}. Observed before the consumers start.
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

    /** Null when {@code jnuEncoding} is UTF-8, else why the aggregator does not start. */
    static String problem(String jnuEncoding) {
        if ("UTF-8".equalsIgnoreCase(jnuEncoding)) return null;
        return "cbn aggregator: this JVM maps file names as " + jnuEncoding + " (sun.jnu.encoding, from the locale), not UTF-8:"
                + " outputs named after non-ASCII sources could not be checked. Start it with a UTF-8 locale, e.g. LC_ALL=C.UTF-8"
                + " (./cbn and the container images set it); -Dsun.jnu.encoding does not work on Java 17.";
    }
}
