package io.cbn.converter.colour;

/**
 * A palette in CIELAB with the sRGB colour used to paint each entry. Entries are kept ordered by lightness
 * (ascending L), so entry i is printed as number i + 1; a palette of real paints ({@link #ofPaints}) prints each
 * paint's own number and carries its name.
 */
public final class Palette {
    private final double[] lab;
    private final int[] rgb;
    /** CIELAB of each entry's 8-bit sRGB colour: what the preview shows and what colour error is measured against. */
    private final double[] shown;
    /** Printed numbers and names of real paints; null for a fitted palette (numbers i + 1, no names). */
    private final int[] numbers;
    private final String[] names;

    /**
     * The printed numbers of the paint set in use on this thread (null: i + 1). Label placement and the writers ask
     * {@link #number(int)} / {@link #digits(int)} by entry index; a conversion with a paint set runs on one thread and
     * installs its palette's numbers with {@link #printNumbers} for its duration.
     */
    private static final ThreadLocal<int[]> PRINTED = new ThreadLocal<>();

    public Palette(double[] lab) {
        this.lab = lab.clone();
        this.rgb = new int[lab.length / 3];
        this.shown = new double[lab.length];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = ColourMath.labToRgb(lab[3 * i], lab[3 * i + 1], lab[3 * i + 2]);
            ColourMath.lab(rgb[i], shown, 3 * i);
        }
        this.numbers = null;
        this.names = null;
    }

    private Palette(int[] rgb, int[] numbers, String[] names) {
        this.rgb = rgb.clone();
        this.lab = new double[rgb.length * 3];
        for (int i = 0; i < rgb.length; i++) ColourMath.lab(rgb[i], lab, 3 * i);
        this.shown = lab;
        this.numbers = numbers.clone();
        this.names = names.clone();
    }

    /** A palette of real paints: exactly these colours, printed with these numbers. */
    public static Palette ofPaints(int[] rgb, int[] numbers, String[] names) {
        if (rgb.length != numbers.length || rgb.length != names.length) throw new IllegalArgumentException("lengths differ");
        return new Palette(rgb, numbers, names);
    }

    /** True for a palette of real paints (fixed colours: never re-fitted). */
    public boolean isPaints() { return numbers != null; }

    /** The entries {@code keep} (indices into this palette, in this order) as a new palette of paints. */
    public Palette paints(int[] keep) {
        if (numbers == null) throw new IllegalStateException("not a palette of paints");
        int[] r = new int[keep.length], n = new int[keep.length];
        String[] nm = new String[keep.length];
        for (int j = 0; j < keep.length; j++) { r[j] = rgb[keep[j]]; n[j] = numbers[keep[j]]; nm[j] = names[keep[j]]; }
        return new Palette(r, n, nm);
    }

    /** Printed number of entry i of this palette. */
    public int printedNumber(int i) { return numbers == null ? i + 1 : numbers[i]; }

    /** Paint name of entry i, or null for a fitted colour. */
    public String name(int i) { return names == null ? null : names[i]; }

    /** Installs (or with null / a fitted palette, removes) the printed numbers of this thread's conversion. */
    public static void printNumbers(Palette p) {
        if (p == null || p.numbers == null) PRINTED.remove();
        else PRINTED.set(p.numbers);
    }

    public int size() { return rgb.length; }

    public int rgb(int i) { return rgb[i]; }

    public double l(int i) { return lab[3 * i]; }
    public double a(int i) { return lab[3 * i + 1]; }
    public double b(int i) { return lab[3 * i + 2]; }

    /** Printed number of entry i: 1-based, or the paint's number while a paint set is installed ({@link #printNumbers}). */
    public static int number(int i) {
        int[] n = PRINTED.get();
        return n == null ? i + 1 : n[i];
    }

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
