package io.cbn.producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.cbn.converter.Settings;
import io.cbn.schemas.ConversionSettings;

/**
 * The conversion settings of a run, checked against the converter's one rule set ({@link Settings}'s ranges) before
 * anything is published: every value {@code cbn enqueue} / {@code cbn retry} accepts is one the converter accepts
 * (docs/design.md, Shape).
 */
final class Conversion {

    private Conversion() {
    }

    /**
     * @throws IllegalArgumentException naming every option that is out of range, e.g.
     *                                  {@code --colors must be 2..64, got 100}
     */
    static ConversionSettings settings(int colors, int maxSize, int minRegionPx, long maxPixels, long maxBytes, int minSide, long timeoutMs) {
        List<String> problems = new ArrayList<>();
        add(problems, Settings.COLORS.problem("--colors", colors));
        add(problems, Settings.MAX_SIZE.problem("--max-size", maxSize));
        add(problems, Settings.MIN_REGION_PX.problem("--min-region-px", minRegionPx));
        add(problems, Settings.MAX_PIXELS.problem("--max-pixels", maxPixels));
        add(problems, Settings.MAX_BYTES.problem("--max-bytes", maxBytes));
        add(problems, Settings.MIN_SIDE.problem("--min-side", minSide));
        add(problems, Settings.TIMEOUT_MS.problem("--timeout-ms", timeoutMs));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        // the converter's own constructor as the last word: a rule that is not a range is enforced there too
        new Settings(colors, maxSize, minRegionPx, maxPixels, maxBytes, minSide, Duration.ofMillis(timeoutMs));
        return ConversionSettings.newBuilder()
                .setColors(colors).setMaxSize(maxSize).setMinRegionPx(minRegionPx).setMaxPixels(maxPixels)
                .setMaxBytes(maxBytes).setMinSide(minSide).setTimeoutMs(timeoutMs)
                .build();
    }

    private static void add(List<String> problems, String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }
}
