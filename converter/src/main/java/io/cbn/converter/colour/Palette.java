package io.cbn.converter.colour;

/**
 * A palette in CIELAB with the sRGB colour used to paint each entry. Entries are kept ordered by lightness
 * (ascending L), so entry i is printed as number i + 1.
 */
public final class Palette {
    private final double[] lab;
    private final int[] rgb;
    /** CIELAB of each entry's 8-bit sRGB colour: what the preview shows and what colour error is measured against. */
    private final double[] shown;

    public Palette(double[] lab) {
        this.lab = lab.clone();
        this.rgb = new int[lab.length / 3];
        this.shown = new double[lab.length];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = ColourMath.labToRgb(lab[3 * i], lab[3 * i + 1], lab[3 * i + 2]);
            ColourMath.lab(rgb[i], shown, 3 * i);
        }
    }

    public int size() { return rgb.length; }

    public int rgb(int i) { return rgb[i]; }

    public double l(int i) { return lab[3 * i]; }
    public double a(int i) { return lab[3 * i + 1]; }
    public double b(int i) { return lab[3 * i + 2]; }

    /** Printed number of entry i (1-based). */
    public static int number(int i) { return i + 1; }

    public static int digits(int i) { return Integer.toString(number(i)).length(); }

    /** CIEDE2000 from (l, a, b) to entry i as painted (its 8-bit sRGB colour): the error the checker measures. */
    public double de00(double l, double a, double b, int i) {
        return ColourMath.ciede2000(l, a, b, shown[3 * i], shown[3 * i + 1], shown[3 * i + 2]);
    }

    /** Squared Euclidean CIELAB distance from (l, a, b) to entry i. */
    public double dist2(double l, double a, double b, int i) {
        double dl = l - lab[3 * i], da = a - lab[3 * i + 1], db = b - lab[3 * i + 2];
        return dl * dl + da * da + db * db;
    }
}
