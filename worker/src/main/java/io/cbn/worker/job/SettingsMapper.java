package io.cbn.worker.job;

import java.time.Duration;

import io.cbn.converter.Settings;
import io.cbn.schemas.ConversionSettings;

/** The job's Avro {@link ConversionSettings} as the converter's {@link Settings}. */
public final class SettingsMapper {

    private SettingsMapper() {
    }

    /**
     * @throws IllegalArgumentException when the settings are out of the converter's range
     */
    public static Settings toConverter(ConversionSettings s) {
        if (s == null) return Settings.defaults();
        return new Settings(s.getColors(), s.getMaxSize(), s.getMinRegionPx(), s.getMaxPixels(), s.getMaxBytes(),
                s.getMinSide(), Duration.ofMillis(s.getTimeoutMs()));
    }
}
