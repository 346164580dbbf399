package io.cbn.converter.colour;

import io.cbn.converter.Deadline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PerceptualTest {
    private static final Deadline FOREVER = Deadline.after(Duration.ofMinutes(5));

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

    @Test
    void cachedDifferencesEqualDirectOnesEvenWhenSlotsCollide() {
        Random rnd = new Random(3);
        int[] rgb = new int[400_000];
        for (int i = 0; i < rgb.length; i++) rgb[i] = rnd.nextInt(0x1000000);
        ColourTable t = ColourTable.build(rgb, FOREVER);
        double[] lab = new double[48];
        for (int j = 0; j < 48; j++) lab[j] = j % 3 == 0 ? rnd.nextDouble() * 100 : rnd.nextDouble() * 160 - 80;
        Palette p = new Palette(lab);
        PerceptualCost cost = new PerceptualCost(t, p); // 16 x ~390k pairs > 2^21 slots: collisions are certain
        for (int n = 0; n < 3_000_000; n++) {
            int c = rnd.nextInt(t.size), j = rnd.nextInt(16);
            double direct = p.de00(t.lab[3 * c], t.lab[3 * c + 1], t.lab[3 * c + 2], j);
            assertEquals(direct, cost.de(c, j), 1e-4 * Math.max(1, direct), "colour " + c + " entry " + j);
        }
    }
}
