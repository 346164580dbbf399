package io.cbn.converter.regions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The fast number formatting of SVG attributes gives exactly the strings and values the formatter gave. */
class LabelGeometryTest {

    /** The formatter path {@link LabelGeometry#format} replaced. */
    private static String formatted(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        if (s.endsWith("00")) return s.substring(0, s.length() - 3);
        if (s.endsWith("0")) return s.substring(0, s.length() - 1);
        return s;
    }

    @Test
    void formatEqualsTheFormatterOnRandomAndHalfwayValues() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 4) {
                case 0 -> rnd.nextDouble() * 2000;                       // coordinates
                case 1 -> rnd.nextInt(400_000) / 200.0;                  // multiples of 0.005: every half-way case
                case 2 -> rnd.nextInt(4000) / 2.0 + rnd.nextInt(3) * 0.005; // positions on the 0.5 grid, nudged
                default -> (rnd.nextDouble() - 0.7) * 10;                // small and negative values
            };
            assertEquals(formatted(v), LabelGeometry.format(v), "value " + v);
        }
        for (double v : new double[] {0.0, -0.0, 1.005, 0.125, 2.675, 1e-9, -1e-9, 0.005, 0.015, 999999.995, 12.0, 7.5})
            assertEquals(formatted(v), LabelGeometry.format(v), "value " + v);
    }

    @Test
    void roundUpEqualsTheFormattedRoundTrip() {
        SplittableRandom rnd = new SplittableRandom(12);
        for (int i = 0; i < 200_000; i++) {
            double fs = i % 2 == 0 ? rnd.nextDouble() * 200 : rnd.nextInt(20_000) / 100.0;
            double old = Double.parseDouble(formatted(Math.ceil(fs * 100 - 1e-9) / 100));
            assertEquals(old, LabelGeometry.roundUp(fs), "font size " + fs);
        }
    }
}
