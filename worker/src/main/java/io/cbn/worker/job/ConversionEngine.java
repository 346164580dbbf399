package io.cbn.worker.job;

import java.nio.file.Path;

import io.cbn.converter.ConversionResult;
import io.cbn.converter.Converter;
import io.cbn.converter.Settings;

/** The converter as the worker calls it; a seam so retry and fault handling can be tested with scripted outcomes. */
@FunctionalInterface
public interface ConversionEngine {

    ConversionResult convert(Settings settings, Path source, Path outDir, String baseName);

    /** The real engine: one {@link Converter} per job, since settings travel with each job. */
    static ConversionEngine converter() {
        return (settings, source, outDir, baseName) -> new Converter(settings).convert(source, outDir, baseName);
    }
}
