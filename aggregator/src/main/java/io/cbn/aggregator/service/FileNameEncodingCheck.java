package io.cbn.aggregator.service;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.cbn.schemas.names.FileNameEncoding;
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
        String problem = FileNameEncoding.problemOfThisJvm("aggregator", "outputs named after non-ASCII sources could not be checked");
        if (problem != null) {
            LOG.error(problem);
            throw new IllegalStateException(problem);
        }
    }
}
