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
 * Photos whose per-pixel k-means floor (docs/design.md, "One geometry") is above 4: legibility and paintability cost colour
 * error there, and this measures how much, from the files. Issue 11's guard: mean CIEDE2000 at most the larger of
 * the figure before paintable regions and smooth outlines (bench/README.md, commit 18a49a1) + 0.5 and the floor + 1.5.
 */
class BusyPhotoQualityTest {
    private static final String[] PHOTOS = {"webp_lossy_sunset_1mp.webp", "jpeg_exif_orient6_landscape.jpg",
            "jpeg_large_progressive_dragonfly_13mp.jpg"};
    /** Mean CIEDE2000 at commit 18a49a1 (TemplateCheck, bench/README.md), per photo base name. */
    private static final Map<String, Double> BEFORE = Map.of("webp_lossy_sunset_1mp", 4.997,
            "jpeg_exif_orient6_landscape", 4.789, "jpeg_large_progressive_dragonfly_13mp", 5.730);
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
    void colourErrorStaysWithinIssue11sGuard() {
        CHECKS.forEach((base, c) -> {
            double floor = FLOORS.get(base);
            assertTrue(floor > 4.0, base + " is a busy photo: floor " + floor);
            double limit = Math.max(BEFORE.get(base) + 0.5, floor + 1.5);
            assertTrue(c.deMean() <= limit, base + " mean dE00 " + c.deMean() + " floor " + floor + " limit " + limit);
        });
    }
}
