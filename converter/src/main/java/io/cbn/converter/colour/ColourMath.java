package io.cbn.converter.colour;

/**
 * Colour maths: sRGB (D65) to CIELAB with exactly the constants of TemplateCheck, the inverse for palette colours,
 * and CIEDE2000 (Sharma, Wu, Dalal 2005). sRGB decoding goes through a 256-entry table.
 */
public final class ColourMath {
    private static final double[] LINEAR = new double[256];
    private static final double EPS = Math.pow(6.0 / 29, 3), KAPPA = 3 * Math.pow(6.0 / 29, 2);
    private static final double POW25_7 = Math.pow(25, 7);
    private static final double TWO_PI = 2 * Math.PI, DEG30 = Math.toRadians(30);
    private static final double COS30 = Math.cos(DEG30), SIN30 = Math.sin(DEG30), COS6 = Math.cos(Math.toRadians(6)),
            SIN6 = Math.sin(Math.toRadians(6)), COS63 = Math.cos(Math.toRadians(63)), SIN63 = Math.sin(Math.toRadians(63));

    static {
        for (int i = 0; i < 256; i++) {
            double c = i / 255.0;
            LINEAR[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }
    }

    private ColourMath() { }

    /** CIELAB of a packed 0xRRGGBB colour into out[off..off+2]. */
    public static void lab(int rgb, double[] out, int off) {
        double r = LINEAR[(rgb >> 16) & 255], g = LINEAR[(rgb >> 8) & 255], b = LINEAR[rgb & 255];
        double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
        double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
        double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
        double fx = f(x), fy = f(y), fz = f(z);
        out[off] = 116 * fy - 16;
        out[off + 1] = 500 * (fx - fy);
        out[off + 2] = 200 * (fy - fz);
    }

    public static double[] lab(int rgb) {
        double[] o = new double[3];
        lab(rgb, o, 0);
        return o;
    }

    private static double f(double t) { return t > EPS ? Math.cbrt(t) : t / KAPPA + 4.0 / 29; }

    private static double finv(double t) { return t > 6.0 / 29 ? t * t * t : KAPPA * (t - 4.0 / 29); }

    /** Nearest 8-bit sRGB colour (clamped to the gamut) of a CIELAB colour. */
    public static int labToRgb(double l, double a, double bb) {
        double fy = (l + 16) / 116, fx = fy + a / 500, fz = fy - bb / 200;
        double x = 0.95047 * finv(fx), y = finv(fy), z = 1.08883 * finv(fz);
        double r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
        double g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
        double b = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
        return (encode(r) << 16) | (encode(g) << 8) | encode(b);
    }

    private static int encode(double c) {
        c = c <= 0 ? 0 : c >= 1 ? 1 : c;
        double v = c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
        return (int) Math.round(v * 255);
    }

    /**
     * CIEDE2000 colour difference between two CIELAB colours: the formula of the paper with its trigonometry
     * replaced by exact identities (1.5x faster; this is the converter's inner loop): |dH'| from
     * dH'^2 = 2 (C1'C2' - a1'a2' - b1b2) with the sign of the cross product, the cos/sin of the mean hue from the
     * bisector of the two hue directions, and one (polynomial) atan2 for the mean hue in degrees. Opposite hues (no unique
     * bisector) take the paper's angle arithmetic ({@link #ciede2000ByAngles}).
     */
    public static double ciede2000(double l1, double a1, double b1, double l2, double a2, double b2) {
        double c1 = Math.sqrt(a1 * a1 + b1 * b1), c2 = Math.sqrt(a2 * a2 + b2 * b2), cb = (c1 + c2) / 2;
        double cb7 = pow7(cb);
        double g = 0.5 * (1 - Math.sqrt(cb7 / (cb7 + POW25_7)));
        double a1p = (1 + g) * a1, a2p = (1 + g) * a2;
        double c1p = Math.sqrt(a1p * a1p + b1 * b1), c2p = Math.sqrt(a2p * a2p + b2 * b2);
        double cc = c1p * c2p, dHp, ux, uy;
        if (cc == 0) { // a grey: no hue difference; the mean hue is the other colour's (grey hue counts as 0)
            dHp = 0;
            ux = a1p + a2p;
            uy = b1 + b2;
        } else {
            double dot = a1p * a2p + b1 * b2, cross = a1p * b2 - b1 * a2p;
            ux = a1p / c1p + a2p / c2p;
            uy = b1 / c1p + b2 / c2p;
            if (ux * ux + uy * uy < 1e-12) return ciede2000ByAngles(l1, a1, b1, l2, a2, b2);
            // dH'^2 = 2 (C1'C2' - dot), rewritten as 2 cross^2 / (C1'C2' + dot) for close hues (no cancellation)
            dHp = Math.sqrt(dot > 0 ? 2 * cross * cross / (cc + dot) : 2 * (cc - dot));
            if (cross < 0) dHp = -dHp;
        }
        double un = Math.sqrt(ux * ux + uy * uy);
        double k1 = un == 0 ? 1 : ux / un, n1 = un == 0 ? 0 : uy / un;
        double cbp = (c1p + c2p) / 2, lbp = (l1 + l2) / 2;
        double k2 = 2 * k1 * k1 - 1, n2 = 2 * n1 * k1;
        double k3 = k1 * k2 - n1 * n2, n3 = n1 * k2 + k1 * n2;
        double k4 = 2 * k2 * k2 - 1, n4 = 2 * n2 * k2;
        double t = 1 - 0.17 * (k1 * COS30 + n1 * SIN30) + 0.24 * k2
                + 0.32 * (k3 * COS6 - n3 * SIN6) - 0.20 * (k4 * COS63 + n4 * SIN63);
        double deg = Math.toDegrees(atan2(uy, ux));
        if (deg < 0) deg += 360;
        double e = (deg - 275) / 25, rt = 0;
        if (e * e < 30) { // beyond, the rotation term is below 1e-13
            double cbp7 = pow7(cbp);
            rt = -Math.sin(2 * DEG30 * Math.exp(-e * e)) * 2 * Math.sqrt(cbp7 / (cbp7 + POW25_7));
        }
        double l50 = (lbp - 50) * (lbp - 50);
        double sl = 1 + 0.015 * l50 / Math.sqrt(20 + l50);
        double sc = 1 + 0.045 * cbp, sh = 1 + 0.015 * cbp * t;
        double xl = (l2 - l1) / sl, xc = (c2p - c1p) / sc, xh = dHp / sh;
        return Math.sqrt(xl * xl + xc * xc + xh * xh + rt * xc * xh);
    }

    /** CIEDE2000 exactly as the paper writes it (angles kept in radians): the reference for {@link #ciede2000}. */
    static double ciede2000ByAngles(double l1, double a1, double b1, double l2, double a2, double b2) {
        double c1 = Math.sqrt(a1 * a1 + b1 * b1), c2 = Math.sqrt(a2 * a2 + b2 * b2), cb = (c1 + c2) / 2;
        double cb7 = pow7(cb);
        double g = 0.5 * (1 - Math.sqrt(cb7 / (cb7 + POW25_7)));
        double a1p = (1 + g) * a1, a2p = (1 + g) * a2;
        double c1p = Math.sqrt(a1p * a1p + b1 * b1), c2p = Math.sqrt(a2p * a2p + b2 * b2);
        double h1p = hue(b1, a1p), h2p = hue(b2, a2p);
        double dLp = l2 - l1, dCp = c2p - c1p, dh = h2p - h1p;
        boolean grey = c1p * c2p == 0;
        if (grey) dh = 0;
        else if (dh > Math.PI) dh -= TWO_PI;
        else if (dh < -Math.PI) dh += TWO_PI;
        double dHp = 2 * Math.sqrt(c1p * c2p) * Math.sin(dh / 2);
        double lbp = (l1 + l2) / 2, cbp = (c1p + c2p) / 2, hs = h1p + h2p, hbp;
        if (grey) hbp = hs;
        else if (Math.abs(h1p - h2p) > Math.PI) hbp = (hs < TWO_PI ? hs + TWO_PI : hs - TWO_PI) / 2;
        else hbp = hs / 2;
        // T from cos/sin of hbp alone (multiple-angle identities): one cos and one sin instead of four cos
        double k1 = Math.cos(hbp), n1 = Math.sin(hbp);
        double k2 = 2 * k1 * k1 - 1, n2 = 2 * n1 * k1;
        double k3 = k1 * k2 - n1 * n2, n3 = n1 * k2 + k1 * n2;
        double k4 = 2 * k2 * k2 - 1, n4 = 2 * n2 * k2;
        double t = 1 - 0.17 * (k1 * COS30 + n1 * SIN30) + 0.24 * k2
                + 0.32 * (k3 * COS6 - n3 * SIN6) - 0.20 * (k4 * COS63 + n4 * SIN63);
        double e = (Math.toDegrees(hbp) - 275) / 25;
        double dth = DEG30 * Math.exp(-e * e);
        double cbp7 = pow7(cbp);
        double rc = 2 * Math.sqrt(cbp7 / (cbp7 + POW25_7));
        double l50 = (lbp - 50) * (lbp - 50);
        double sl = 1 + 0.015 * l50 / Math.sqrt(20 + l50);
        double sc = 1 + 0.045 * cbp, sh = 1 + 0.015 * cbp * t, rt = -Math.sin(2 * dth) * rc;
        double xl = dLp / sl, xc = dCp / sc, xh = dHp / sh;
        return Math.sqrt(xl * xl + xc * xc + xh * xh + rt * xc * xh);
    }

    private static final double TAN_PI_8 = Math.sqrt(2) - 1;

    /**
     * atan2 within 2e-11 rad, several times faster than {@link Math#atan2} (which was 8% of a conversion's CPU): it
     * only places the mean hue for the blue rotation term, where 2e-11 rad moves CIEDE2000 by less than 1e-9.
     * Octant reduction to |t| <= tan(pi/8), then the odd Taylor series of atan to t^23.
     */
    static double atan2(double y, double x) {
        double ax = Math.abs(x), ay = Math.abs(y);
        if (ax == 0 && ay == 0) return 0;
        boolean swap = ay > ax;
        double z = swap ? ax / ay : ay / ax, base = 0; // z in [0, 1]
        if (z > TAN_PI_8) { z = (z - 1) / (z + 1); base = Math.PI / 4; }
        double z2 = z * z;
        double r = base + z * (1 + z2 * (-1.0 / 3 + z2 * (1.0 / 5 + z2 * (-1.0 / 7 + z2 * (1.0 / 9 + z2 * (-1.0 / 11
                + z2 * (1.0 / 13 + z2 * (-1.0 / 15 + z2 * (1.0 / 17 + z2 * (-1.0 / 19 + z2 * (1.0 / 21
                + z2 * (-1.0 / 23))))))))))));
        if (swap) r = Math.PI / 2 - r;
        if (x < 0) r = Math.PI - r;
        return y < 0 ? -r : r;
    }

    private static double hue(double b, double ap) {
        if (b == 0 && ap == 0) return 0;
        double h = Math.atan2(b, ap);
        return h < 0 ? h + TWO_PI : h;
    }

    private static double pow7(double x) {
        double x2 = x * x, x3 = x2 * x;
        return x3 * x3 * x;
    }

    public static String hex(int rgb) { return String.format("#%06x", rgb & 0xFFFFFF); }
}
