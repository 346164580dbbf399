package io.cbn.producer;

import io.cbn.schemas.ConversionSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The conversion settings every job of a run carries, as options of {@code cbn enqueue} and {@code cbn retry}. */
public final class ConversionOptions {

    @Option(names = "--colors", defaultValue = "16", description = "Palette size, 2..64 (default ${DEFAULT-VALUE}).")
    int colors;

    @Option(names = "--max-size", defaultValue = "1600", description = "Long side of the template in px, 0 = source size (default ${DEFAULT-VALUE}).")
    int maxSize;

    @Option(names = "--min-region-px", defaultValue = "0", description = "Smallest region in px, 0 = derived from a legible label (default ${DEFAULT-VALUE}).")
    int minRegionPx;

    @Option(names = "--max-pixels", defaultValue = "50000000", description = "Reject images with more pixels (default ${DEFAULT-VALUE}).")
    long maxPixels;

    @Option(names = "--max-bytes", defaultValue = "209715200", description = "Reject larger files (default ${DEFAULT-VALUE}).")
    long maxBytes;

    @Option(names = "--min-side", defaultValue = "64", description = "Reject images with a shorter side in px (default ${DEFAULT-VALUE}).")
    int minSide;

    @Option(names = "--timeout-ms", defaultValue = "120000", description = "Conversion time limit per image (default ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Option(names = "--paper", defaultValue = "A4", description = "Paper of NAME.pdf: A4, A3 or Letter (default ${DEFAULT-VALUE}).")
    String paper;

    @Option(names = "--detail", description = "Difficulty preset easy|medium|hard (replaces --colors and --min-region-px; default: none).")
    String detail;

    @Option(names = "--paint-set", paramLabel = "FILE", description = "Restrict palettes to these paints (CSV number,name,hex or JSON); carried whole in every job.")
    java.nio.file.Path paintSet;

    /** The settings given (defaults for the rest), checked against the converter's rules. */
    ConversionSettings settings() {
        ConversionSettings s = Conversion.settings(colors, maxSize, minRegionPx, maxPixels, maxBytes, minSide, timeoutMs);
        return print(ConversionSettings.newBuilder(s), null).build();
    }

    /** Paper, preset and paint set: the given ones, checked ({@link PrintOptions}, {@link PaintSetFile}). */
    private ConversionSettings.Builder print(ConversionSettings.Builder b, picocli.CommandLine.ParseResult given) {
        if (given == null || given.hasMatchedOption("--paper")) b.setPaper(PrintOptions.paper(paper));
        if (given == null || given.hasMatchedOption("--detail")) b.setDetail(PrintOptions.detail(detail));
        if (paintSet != null) {
            b.setPaintSetName(PaintSetFile.name(paintSet));
            try {
                b.setPaintSetCsv(PaintSetFile.csv(paintSet));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("--paint-set: cannot read " + paintSet + ": " + e);
            }
        }
        return b;
    }

    /**
     * {@code base} (an earlier run's settings, every field kept) with the options given on this command line
     * instead of its values, checked against the converter's rules.
     */
    ConversionSettings over(ConversionSettings base, CommandSpec spec) {
        var given = spec.commandLine().getParseResult();
        ConversionSettings.Builder b = ConversionSettings.newBuilder(base);
        if (given.hasMatchedOption("--colors")) b.setColors(colors);
        if (given.hasMatchedOption("--max-size")) b.setMaxSize(maxSize);
        if (given.hasMatchedOption("--min-region-px")) b.setMinRegionPx(minRegionPx);
        if (given.hasMatchedOption("--max-pixels")) b.setMaxPixels(maxPixels);
        if (given.hasMatchedOption("--max-bytes")) b.setMaxBytes(maxBytes);
        if (given.hasMatchedOption("--min-side")) b.setMinSide(minSide);
        if (given.hasMatchedOption("--timeout-ms")) b.setTimeoutMs(timeoutMs);
        ConversionSettings s = print(b, given).build();
        Conversion.settings(s.getColors(), s.getMaxSize(), s.getMinRegionPx(), s.getMaxPixels(), s.getMaxBytes(), s.getMinSide(),
                s.getTimeoutMs());
        return s;
    }
}
