package io.cbn.converter.colour;

import io.cbn.converter.Deadline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The colour error's three ways to the mean agree with the definition (CIEDE2000 per pixel, against the 8-bit colour). */
class ColourErrorTest {
    private static final Deadline FOREVER = Deadline.after(Duration.ofMinutes(5));

    @Test
    void meanOfAnAssignmentAndOfPerPixelLabelsAreTheDefinition() {
        Random rnd = new Random(9);
        int n = 200_000, k = 12;
        int[] px = new int[n];
        for (int i = 0; i < n; i++) px[i] = rnd.nextInt(6) == 0 && i > 0 ? px[i - 1] : rnd.nextInt(1 << 15) * 509; // repeats
        ColourTable t = ColourTable.build(px, FOREVER);
        double[] lab = new double[3 * k];
        for (int j = 0; j < k; j++) System.arraycopy(ColourMath.lab(rnd.nextInt(1 << 24)), 0, lab, 3 * j, 3);
        Palette palette = new Palette(lab);
        byte[] assignment = new byte[t.size];
        for (int c = 0; c < t.size; c++) assignment[c] = (byte) rnd.nextInt(k);
        byte[] labels = new byte[n], mixed = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = assignment[t.pixelIndex[i]];
            mixed[i] = (byte) (rnd.nextInt(3) == 0 ? rnd.nextInt(k) : labels[i]); // one colour under several entries
        }
        double byAssignment = ColourError.meanOfAssignment(t, assignment, palette, FOREVER);
        assertEquals(ColourError.mean(t, labels, palette, FOREVER), byAssignment, 0.0, "same number, bit for bit");
        assertEquals(definition(t, labels, palette), byAssignment, 1e-6);
        double m = ColourError.mean(t, mixed, palette, FOREVER);
        assertEquals(definition(t, mixed, palette), m, 1e-6);
        assertEquals(m, ColourError.measure(t, mixed, palette, FOREVER).mean(), 0.0);
    }

    private static double definition(ColourTable t, byte[] labels, Palette palette) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            int c = t.pixelIndex[i];
            double[] painted = ColourMath.lab(palette.rgb(labels[i] & 0xFF));
            sum += ColourMath.ciede2000(t.lab[3 * c], t.lab[3 * c + 1], t.lab[3 * c + 2], painted[0], painted[1], painted[2]);
        }
        return sum / labels.length;
    }
}
