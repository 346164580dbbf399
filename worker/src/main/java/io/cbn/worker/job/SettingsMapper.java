package io.cbn.worker.job;

import java.time.Duration;

import io.cbn.converter.Detail;
import io.cbn.converter.Paper;
import io.cbn.converter.Settings;
import io.cbn.converter.colour.PaintSet;
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
        PaintSet paints = s.getPaintSetCsv() == null ? null
                : PaintSet.parse(s.getPaintSetName() == null ? "paint set" : s.getPaintSetName(), s.getPaintSetCsv());
        return new Settings(s.getColors(), s.getMaxSize(), s.getMinRegionPx(), s.getMaxPixels(), s.getMaxBytes(),
                s.getMinSide(), Duration.ofMillis(s.getTimeoutMs()), Paper.parse(s.getPaper()), Detail.parse(s.getDetail()), paints);
    }
}
