package io.cbn.converter;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test-side mirror of shared/tools/paintability.py, from the files alone (nothing the converter reports): the
 * template is printed with its long side across A4 (297 mm).
 * <ul>
 *   <li>sliver(d): share of the preview's pixels a disc of diameter d mm, lying wholly inside the pixel's own
 *       colour area (the picture's outside counting as another colour), can not cover: the pixels a morphological
 *       opening per colour removes. The disc is the checker's: offsets x,y with x^2 + y^2 <= r^2 + 1e-9 for
 *       r = (d / 2) / mmPerPx; no opening when r < 1.</li>
 *   <li>stairSteps: share of the length of the SVG's path segments (all {@code d=""} attributes, chord from start to
 *       end point for curves) that are axis-aligned and at most 3 preview pixels long.</li>
 * </ul>
 * Implemented directly (disc offsets per pixel), independent of the converter's run-based opening.
 */
public final class PaintabilityChecker {
    public record Report(int width, int height, double sliver1mm, double sliver2mm, double stairSteps) { }

    private PaintabilityChecker() { }

    public static Report check(Path preview, Path svg) throws Exception {
        BufferedImage img = ImageIO.read(preview.toFile());
        int w = img.getWidth(), h = img.getHeight();
        int[] px = img.getRGB(0, 0, w, h, null, 0, w);
        double mmPerPx = 297.0 / Math.max(w, h);
        double s1 = sliver(px, w, h, 0.5 / mmPerPx), s2 = sliver(px, w, h, 1.0 / mmPerPx);
        double stairs = svg == null ? 0 : stairSteps(Files.readString(svg), w);
        return new Report(w, h, s1, s2, stairs);
    }

    /** Share of pixels not covered by any disc of radius {@code rad} lying wholly in one colour. */
    static double sliver(int[] px, int w, int h, double rad) {
        if (rad < 1) return 0;
        int r = (int) Math.floor(rad);
        List<int[]> offs = new ArrayList<>();
        for (int dy = -r; dy <= r; dy++)
            for (int dx = -r; dx <= r; dx++)
                if (dx * dx + dy * dy <= rad * rad + 1e-9) offs.add(new int[]{dx, dy});
        boolean[] eroded = new boolean[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int c = px[y * w + x];
                boolean in = true;
                for (int[] o : offs) {
                    int xx = x + o[0], yy = y + o[1];
                    if (xx < 0 || yy < 0 || xx >= w || yy >= h || px[yy * w + xx] != c) { in = false; break; }
                }
                eroded[y * w + x] = in;
            }
        long thin = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int c = px[y * w + x];
                boolean covered = false;
                for (int[] o : offs) {
                    int xx = x + o[0], yy = y + o[1];
                    if (xx >= 0 && yy >= 0 && xx < w && yy < h && eroded[yy * w + xx] && px[yy * w + xx] == c) { covered = true; break; }
                }
                if (!covered) thin++;
            }
        return (double) thin / (w * h);
    }

    private static final Pattern VIEWBOX = Pattern.compile("viewBox=\"\\s*[-\\d.]+[\\s,]+[-\\d.]+[\\s,]+([\\d.]+)");
    private static final Pattern D = Pattern.compile("\\sd=\"([^\"]*)\"");
    private static final Pattern TOKEN = Pattern.compile("[MmLlHhVvQqCcSsTtZz]|-?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?");

    /** paintability.py's stairSteps. */
    static double stairSteps(String svg, int previewWidth) {
        Matcher vb = VIEWBOX.matcher(svg);
        double scale = vb.find() ? Double.parseDouble(vb.group(1)) / previewWidth : 1.0;
        double shortLen = 0, total = 0;
        Matcher dm = D.matcher(svg);
        while (dm.find()) {
            List<String> toks = new ArrayList<>();
            Matcher t = TOKEN.matcher(dm.group(1));
            while (t.find()) toks.add(t.group());
            double x = 0, y = 0, sx = 0, sy = 0;
            char cmd = 0;
            int i = 0;
            while (i < toks.size()) {
                String tk = toks.get(i);
                if (Character.isLetter(tk.charAt(0))) {
                    cmd = tk.charAt(0);
                    i++;
                    if (cmd == 'Z' || cmd == 'z') {
                        double[] s = seg(sx - x, sy - y, scale);
                        shortLen += s[0]; total += s[1];
                        x = sx; y = sy;
                        continue;
                    }
                }
                if (cmd == 0) { i++; continue; }
                boolean rel = Character.isLowerCase(cmd);
                char c = Character.toUpperCase(cmd);
                double tx, ty;
                if (c == 'M') {
                    double nx = num(toks, i++), ny = num(toks, i++);
                    x = rel ? x + nx : nx; y = rel ? y + ny : ny; sx = x; sy = y;
                    cmd = rel ? 'l' : 'L';
                    continue;
                }
                switch (c) {
                    case 'L', 'T' -> { double nx = num(toks, i++), ny = num(toks, i++); tx = rel ? x + nx : nx; ty = rel ? y + ny : ny; }
                    case 'H' -> { double nx = num(toks, i++); tx = rel ? x + nx : nx; ty = y; }
                    case 'V' -> { double ny = num(toks, i++); tx = x; ty = rel ? y + ny : ny; }
                    case 'Q', 'S' -> { i += 2; double nx = num(toks, i++), ny = num(toks, i++); tx = rel ? x + nx : nx; ty = rel ? y + ny : ny; }
                    case 'C' -> { i += 4; double nx = num(toks, i++), ny = num(toks, i++); tx = rel ? x + nx : nx; ty = rel ? y + ny : ny; }
                    default -> { i++; continue; }
                }
                double[] s = seg(tx - x, ty - y, scale);
                shortLen += s[0]; total += s[1];
                x = tx; y = ty;
            }
        }
        return total == 0 ? 0 : shortLen / total;
    }

    private static double num(List<String> toks, int i) { return Double.parseDouble(toks.get(i)); }

    private static double[] seg(double dx, double dy, double scale) {
        double len = Math.hypot(dx, dy) / scale;
        boolean axis = Math.abs(dx) < 1e-9 || Math.abs(dy) < 1e-9;
        return new double[]{axis && len <= 3.0 ? len : 0, len};
    }
}
