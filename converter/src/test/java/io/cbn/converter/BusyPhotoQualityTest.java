package io.cbn.converter;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Photos whose per-pixel k-means floor (DESIGN.md section 8) is above 4: legibility costs colour error there, and
 * this measures how much, from the files. Before number boxes were stamped onto thin and small details
 * ({@link io.cbn.converter.regions.BoxStamper}) the cost over the floor was 0.65-1.05 on these photos and the sunset
 * and the waterfall ended above 5.0.
 */
class BusyPhotoQualityTest {
    private static final String[] PHOTOS = {"webp_lossy_sunset_1mp.webp", "jpeg_exif_orient6_landscape.jpg",
            "jpeg_large_progressive_dragonfly_13mp.jpg"};
    /** Largest accepted mean CIEDE2000 above the k-means floor. */
    private static final double MAX_COST_OVER_FLOOR = 0.6;
    private static final Settings SETTINGS = Settings.defaults();
    private static final Map<String, TemplateChecker.Report> CHECKS = new LinkedHashMap<>();
    private static final Map<String, Double> FLOORS = new LinkedHashMap<>();

    @TempDir
    static Path out;

    @BeforeAll
    static void convertOnce() throws Exception {
        for (String p : PHOTOS) {
            TemplateChecker.Checked c = TemplateChecker.convertAndCheck(p, SETTINGS, out);
            CHECKS.put(c.base(), c.report());
            FLOORS.put(c.base(), TemplateChecker.kmeansFloor(c.original(), SETTINGS.colors()));
        }
    }

    @Test
    void everyRegionStillCarriesExactlyOneFittingLegibleNumber() {
        CHECKS.forEach((base, c) -> {
            assertEquals(1.0, c.fitRatio(), base + ": " + c);
            assertEquals(c.regions(), c.fitting(), base);
            assertEquals(0, c.digitsUnder2mm(), base);
        });
    }

    @Test
    void legibilityCostsAtMostSixTenthsAboveTheFloor() {
        CHECKS.forEach((base, c) -> {
            double floor = FLOORS.get(base);
            assertTrue(floor > 4.0, base + " is a busy photo: floor " + floor);
            assertTrue(c.deMean() - floor <= MAX_COST_OVER_FLOOR, base + " mean dE00 " + c.deMean() + " floor " + floor);
        });
    }

    @Test
    void sunsetAndWaterfallStayWithinFive() {
        for (String base : new String[]{"webp_lossy_sunset_1mp", "jpeg_exif_orient6_landscape"})
            assertTrue(CHECKS.get(base).deMean() <= 5.0, base + " mean dE00 " + CHECKS.get(base).deMean());
    }
}
