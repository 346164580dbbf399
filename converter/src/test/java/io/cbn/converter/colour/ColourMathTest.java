package io.cbn.converter.colour;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColourMathTest {
    @Test
    void labOfReferenceColours() {
        double[] white = ColourMath.lab(0xFFFFFF), black = ColourMath.lab(0), red = ColourMath.lab(0xFF0000);
        assertEquals(100, white[0], 1e-3);
        assertEquals(0, white[1], 1e-3);
        assertEquals(0, white[2], 1e-3);
        assertEquals(0, black[0], 1e-9);
        assertEquals(53.24, red[0], 0.01);
        assertEquals(80.09, red[1], 0.01);
        assertEquals(67.20, red[2], 0.01);
    }

    /** Test data of Sharma, Wu and Dalal (2005). */
    @Test
    void ciede2000MatchesPublishedPairs() {
        double[][] pairs = {
                {50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425},
                {50.0000, 0.0000, 0.0000, 50.0000, -1.0000, 2.0000, 2.3669},
                {50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0009, 7.1792},
                {50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492},
                {60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644},
                {63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.2630},
                {22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373},
                {90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381},
                {2.0776, 0.0795, -1.1350, 0.9033, -0.0636, -0.5514, 0.9082},
        };
        for (double[] p : pairs) assertEquals(p[6], ColourMath.ciede2000(p[0], p[1], p[2], p[3], p[4], p[5]), 1e-4);
    }

    /** The trigonometry-free form equals the paper's angle arithmetic, greys, opposite and wrapping hues included. */
    @Test
    void ciede2000EqualsThePapersAngleForm() {
        java.util.Random rnd = new java.util.Random(11);
        double worst = 0;
        for (int n = 0; n < 1_000_000; n++) {
            double l1 = rnd.nextDouble() * 100, a1 = rnd.nextDouble() * 200 - 100, b1 = rnd.nextDouble() * 200 - 100;
            double l2 = rnd.nextDouble() * 100, a2 = rnd.nextDouble() * 200 - 100, b2 = rnd.nextDouble() * 200 - 100;
            switch (n % 6) {
                case 1 -> { a1 = 0; b1 = 0; } // grey
                case 2 -> { double s = rnd.nextDouble() * 2; a2 = -a1 * s; b2 = -b1 * s; } // opposite hues
                case 3 -> { a1 = Math.abs(a1); b1 = rnd.nextDouble() * 2; a2 = Math.abs(a2); b2 = -rnd.nextDouble() * 2; } // around 0/360
                case 4 -> { double s = rnd.nextDouble() * 2; a2 = a1 * s; b2 = b1 * s; } // same hue
                default -> { }
            }
            worst = Math.max(worst, Math.abs(ColourMath.ciede2000(l1, a1, b1, l2, a2, b2) - ColourMath.ciede2000ByAngles(l1, a1, b1, l2, a2, b2)));
        }
        assertTrue(worst < 1e-8, "largest difference " + worst);
    }

    @Test
    void fastAtan2IsWithinTwoHundredBillionthsOfARadian() {
        java.util.Random rnd = new java.util.Random(2);
        double worst = 0;
        for (int n = 0; n < 1_000_000; n++) {
            double y = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(7) - 3), x = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(7) - 3);
            if (n % 10 == 0) x = 0;
            if (n % 10 == 1) y = 0;
            worst = Math.max(worst, Math.abs(ColourMath.atan2(y, x) - Math.atan2(y, x)));
        }
        assertTrue(worst < 2e-11, "largest error " + worst);
        assertEquals(0, ColourMath.atan2(0, 0));
    }

    @Test
    void labToRgbRoundTrips() {
        for (int rgb = 0; rgb < 0x1000000; rgb += 0x010305) {
            double[] l = ColourMath.lab(rgb);
            assertEquals(rgb, ColourMath.labToRgb(l[0], l[1], l[2]), Integer.toHexString(rgb));
        }
        int out = ColourMath.labToRgb(50, 120, -120); // out of gamut: clamped, still a colour
        assertTrue(out >= 0 && out <= 0xFFFFFF);
    }
}
