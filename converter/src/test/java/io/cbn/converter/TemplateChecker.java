package io.cbn.converter;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Test-side mirror of shared/tools/TemplateCheck.java: trusts nothing the converter reports. Finds regions as
 * 4-connected components of equal colour in the preview PNG, reads the class="label" texts of the SVG, and checks
 * each region carries exactly one number whose box (0.6 x font-size per digit by 0.72 x font-size, centred on x,y)
 * lies inside it; measures CIEDE2000 of the preview against an original at the same size.
 */
public final class TemplateChecker {
    public record Report(int width, int height, String viewBox, int colours, int regions, int labels, int fitting,
                         int unlabelled, int doubly, double fitRatio, double minDigitMm, int digitsUnder2mm,
                         double deMean, double deP95, Set<Integer> previewColours) { }

    private TemplateChecker() { }

    /** A corpus photo converted into a directory and checked from the files. */
    public record Checked(String base, ConversionResult result, int[] original, Report report) { }

    /** Converts corpus photo {@code photo} into {@code out} (it must be CREATED) and checks the files. */
    public static Checked convertAndCheck(String photo, Settings settings, Path out) throws Exception {
        String base = photo.substring(0, photo.lastIndexOf('.'));
        ConversionResult r = new Converter(settings).convert(TestImages.file(photo), out, base);
        org.junit.jupiter.api.Assertions.assertEquals(Outcome.CREATED, r.outcome(), r.message());
        int[] original = original(TestImages.file(photo), settings);
        return new Checked(base, r, original, check(original, out.resolve(base + "-preview.png"), out.resolve(base + ".svg")));
    }

    /** The source as the converter sees it (working size, upright, over white): TemplateCheck's ORIGINAL. */
    public static int[] original(Path source, Settings settings) {
        return new io.cbn.converter.image.ImageLoader(settings).load(source, Deadline.after(settings.timeout())).rgb();
    }

    /** @param original packed RGB at the preview's size, or null to skip the colour error */
    public static Report check(int[] original, Path preview, Path svg) throws Exception {
        BufferedImage prev = ImageIO.read(preview.toFile());
        int w = prev.getWidth(), h = prev.getHeight();
        int[] px = prev.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < px.length; i++) px[i] &= 0xFFFFFF;
        Set<Integer> colours = new HashSet<>();
        for (int p : px) colours.add(p);
        int[] comp = new int[w * h];
        Arrays.fill(comp, -1);
        int n = 0;
        int[] stack = new int[w * h];
        for (int s = 0; s < w * h; s++) {
            if (comp[s] >= 0) continue;
            int top = 0;
            stack[top++] = s;
            comp[s] = n;
            while (top > 0) {
                int i = stack[--top], x = i % w, y = i / w, c = px[i];
                if (x > 0 && comp[i - 1] < 0 && px[i - 1] == c) { comp[i - 1] = n; stack[top++] = i - 1; }
                if (x < w - 1 && comp[i + 1] < 0 && px[i + 1] == c) { comp[i + 1] = n; stack[top++] = i + 1; }
                if (y > 0 && comp[i - w] < 0 && px[i - w] == c) { comp[i - w] = n; stack[top++] = i - w; }
                if (y < h - 1 && comp[i + w] < 0 && px[i + w] == c) { comp[i + w] = n; stack[top++] = i + w; }
            }
            n++;
        }
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(false);
        dbf.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = dbf.newDocumentBuilder().parse(svg.toFile());
        Element root = doc.getDocumentElement();
        String vb = root.getAttribute("viewBox");
        double vbW = w, vbH = h;
        if (!vb.isBlank()) {
            String[] p = vb.trim().split("[ ,]+");
            vbW = Double.parseDouble(p[2]);
            vbH = Double.parseDouble(p[3]);
        }
        double sx = w / vbW, sy = h / vbH;
        NodeList texts = doc.getElementsByTagName("text");
        int labels = 0, fit = 0, small = 0;
        double minDigitMm = Double.MAX_VALUE, pxPerMm = Math.max(w, h) / 297.0;
        int[] labelsIn = new int[n], fittingIn = new int[n];
        for (int t = 0; t < texts.getLength(); t++) {
            Element e = (Element) texts.item(t);
            if (!(" " + e.getAttribute("class") + " ").contains(" label ")) continue;
            String s = e.getTextContent().trim();
            if (!s.matches("\\d+")) continue;
            labels++;
            double x = Double.parseDouble(e.getAttribute("x")) * sx, y = Double.parseDouble(e.getAttribute("y")) * sy;
            double fs = Double.parseDouble(e.getAttribute("font-size")) * sy;
            double digitH = 0.72 * fs, boxW = 0.6 * fs * s.length();
            minDigitMm = Math.min(minDigitMm, digitH / pxPerMm);
            if (digitH / pxPerMm < 2.0 - 1e-6) small++;
            int cx = (int) Math.floor(x), cy = (int) Math.floor(y);
            if (cx < 0 || cy < 0 || cx >= w || cy >= h) continue;
            int c0 = comp[cy * w + cx];
            labelsIn[c0]++;
            boolean ok = true;
            int x0 = (int) Math.floor(x - boxW / 2), x1 = (int) Math.ceil(x + boxW / 2) - 1;
            int y0 = (int) Math.floor(y - digitH / 2), y1 = (int) Math.ceil(y + digitH / 2) - 1;
            for (int yy = y0; yy <= y1 && ok; yy++)
                for (int xx = x0; xx <= x1 && ok; xx++)
                    if (xx < 0 || yy < 0 || xx >= w || yy >= h || comp[yy * w + xx] != c0) ok = false;
            if (ok) { fit++; fittingIn[c0]++; }
        }
        int unlabelled = 0, doubly = 0, okRegions = 0;
        for (int r = 0; r < n; r++) {
            if (labelsIn[r] == 0) unlabelled++;
            if (labelsIn[r] > 1) doubly++;
            if (labelsIn[r] == 1 && fittingIn[r] == 1) okRegions++;
        }
        double mean = 0, p95 = 0;
        if (original != null) {
            if (original.length != w * h) throw new IllegalArgumentException("original is not the preview's size");
            double[] de = new double[w * h];
            Map<Long, Double> cache = new HashMap<>();
            for (int i = 0; i < w * h; i++) {
                long key = ((long) (original[i] & 0xFFFFFF) << 24) | px[i];
                Double d = cache.get(key);
                if (d == null) {
                    d = ciede2000(lab(original[i] & 0xFFFFFF), lab(px[i]));
                    cache.put(key, d);
                }
                de[i] = d;
                mean += d;
            }
            mean /= de.length;
            Arrays.sort(de);
            p95 = de[(int) (0.95 * (de.length - 1))];
        }
        return new Report(w, h, vb, colours.size(), n, labels, fit, unlabelled, doubly, n == 0 ? 0 : (double) okRegions / n,
                labels == 0 ? 0 : minDigitMm, small, mean, p95, colours);
    }

    /**
     * TemplateCheck's floor, copied: mean CIEDE2000 of a plain per-pixel k-means (k-means++ in CIELAB on a strided
     * sample, seed 20261125, 40 Lloyd iterations, every pixel to its nearest centre): the error any k-colour template
     * pays before regions and labels.
     */
    public static double kmeansFloor(int[] rgb, int k) {
        int step = Math.max(1, rgb.length / 150_000);
        java.util.List<double[]> sample = new java.util.ArrayList<>();
        for (int i = 0; i < rgb.length; i += step) sample.add(lab(rgb[i] & 0xFFFFFF));
        double[][] pts = sample.toArray(new double[0][]);
        java.util.Random rnd = new java.util.Random(20261125L);
        double[][] c = new double[k][];
        c[0] = pts[rnd.nextInt(pts.length)].clone();
        double[] d2 = new double[pts.length];
        Arrays.fill(d2, Double.MAX_VALUE);
        for (int j = 1; j < k; j++) {
            double tot = 0;
            for (int i = 0; i < pts.length; i++) { d2[i] = Math.min(d2[i], dist2(pts[i], c[j - 1])); tot += d2[i]; }
            double r = rnd.nextDouble() * tot;
            int pick = 0;
            for (double acc = 0; pick < pts.length - 1; pick++) { acc += d2[pick]; if (acc >= r) break; }
            c[j] = pts[pick].clone();
        }
        for (int it = 0; it < 40; it++) {
            double[][] s = new double[k][3];
            int[] cnt = new int[k];
            for (double[] p : pts) {
                int b = nearest(p, c);
                cnt[b]++;
                for (int q = 0; q < 3; q++) s[b][q] += p[q];
            }
            for (int j = 0; j < k; j++) if (cnt[j] > 0) for (int q = 0; q < 3; q++) c[j][q] = s[j][q] / cnt[j];
        }
        Map<Integer, Double> memo = new HashMap<>();
        double sum = 0;
        for (int p : rgb) {
            int key = p & 0xFFFFFF;
            Double d = memo.get(key);
            if (d == null) { double[] l = lab(key); d = ciede2000(l, c[nearest(l, c)]); memo.put(key, d); }
            sum += d;
        }
        return sum / rgb.length;
    }

    private static int nearest(double[] p, double[][] c) {
        int b = 0;
        double bd = Double.MAX_VALUE;
        for (int j = 0; j < c.length; j++) { double d = dist2(p, c[j]); if (d < bd) { bd = d; b = j; } }
        return b;
    }

    private static double dist2(double[] a, double[] b) {
        double x = a[0] - b[0], y = a[1] - b[1], z = a[2] - b[2];
        return x * x + y * y + z * z;
    }

    // Independent copies of TemplateCheck's colour maths (not the converter's).
    static double[] lab(int rgb) {
        double[] c = {((rgb >> 16) & 255) / 255.0, ((rgb >> 8) & 255) / 255.0, (rgb & 255) / 255.0};
        for (int i = 0; i < 3; i++) c[i] = c[i] <= 0.04045 ? c[i] / 12.92 : Math.pow((c[i] + 0.055) / 1.055, 2.4);
        double x = (0.4124564 * c[0] + 0.3575761 * c[1] + 0.1804375 * c[2]) / 0.95047;
        double y = 0.2126729 * c[0] + 0.7151522 * c[1] + 0.0721750 * c[2];
        double z = (0.0193339 * c[0] + 0.1191920 * c[1] + 0.9503041 * c[2]) / 1.08883;
        double fx = f(x), fy = f(y), fz = f(z);
        return new double[]{116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    static double f(double t) { return t > Math.pow(6.0 / 29, 3) ? Math.cbrt(t) : t / (3 * Math.pow(6.0 / 29, 2)) + 4.0 / 29; }

    static double ciede2000(double[] l1, double[] l2) {
        double L1 = l1[0], a1 = l1[1], b1 = l1[2], L2 = l2[0], a2 = l2[1], b2 = l2[2];
        double C1 = Math.hypot(a1, b1), C2 = Math.hypot(a2, b2), Cb = (C1 + C2) / 2;
        double G = 0.5 * (1 - Math.sqrt(Math.pow(Cb, 7) / (Math.pow(Cb, 7) + Math.pow(25, 7))));
        double a1p = (1 + G) * a1, a2p = (1 + G) * a2;
        double C1p = Math.hypot(a1p, b1), C2p = Math.hypot(a2p, b2);
        double h1p = (Math.toDegrees(Math.atan2(b1, a1p)) + 360) % 360, h2p = (Math.toDegrees(Math.atan2(b2, a2p)) + 360) % 360;
        double dLp = L2 - L1, dCp = C2p - C1p, dh = h2p - h1p;
        if (C1p * C2p == 0) dh = 0; else if (dh > 180) dh -= 360; else if (dh < -180) dh += 360;
        double dHp = 2 * Math.sqrt(C1p * C2p) * Math.sin(Math.toRadians(dh) / 2);
        double Lbp = (L1 + L2) / 2, Cbp = (C1p + C2p) / 2, hs = h1p + h2p, hbp;
        if (C1p * C2p == 0) hbp = hs; else if (Math.abs(h1p - h2p) > 180) hbp = (hs < 360 ? hs + 360 : hs - 360) / 2; else hbp = hs / 2;
        double T = 1 - 0.17 * Math.cos(Math.toRadians(hbp - 30)) + 0.24 * Math.cos(Math.toRadians(2 * hbp))
            + 0.32 * Math.cos(Math.toRadians(3 * hbp + 6)) - 0.20 * Math.cos(Math.toRadians(4 * hbp - 63));
        double dth = 30 * Math.exp(-Math.pow((hbp - 275) / 25, 2));
        double Rc = 2 * Math.sqrt(Math.pow(Cbp, 7) / (Math.pow(Cbp, 7) + Math.pow(25, 7)));
        double Sl = 1 + 0.015 * Math.pow(Lbp - 50, 2) / Math.sqrt(20 + Math.pow(Lbp - 50, 2));
        double Sc = 1 + 0.045 * Cbp, Sh = 1 + 0.015 * Cbp * T, Rt = -Math.sin(Math.toRadians(2 * dth)) * Rc;
        return Math.sqrt(Math.pow(dLp / Sl, 2) + Math.pow(dCp / Sc, 2) + Math.pow(dHp / Sh, 2) + Rt * (dCp / Sc) * (dHp / Sh));
    }
}
