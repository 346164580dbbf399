package io.cbn.converter.colour;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PerceptualTest {
    @Test
    void aColourGoesToThePerceptuallyNearestEntryNotTheEuclideanNearest() {
        // a saturated red: 20 CIELAB units from a less saturated red of the same lightness, 12 from a lighter one;
        // CIEDE2000 discounts chroma differences of saturated colours, so the first is the closer match
        double[] centres = {50, 40, 0, 62, 60, 0};
        Palette palette = new Palette(centres);
        float[] pixel = {50, 60, 0};
        assertEquals(1, Quantizer.nearest(pixel, 0, centres, 2), "Euclidean nearest");
        assertTrue(palette.de00(50, 60, 0, 0) < palette.de00(50, 60, 0, 1));
        assertEquals(0, Quantizer.nearestPerceptual(pixel, 0, centres, 2, palette));
    }
}
