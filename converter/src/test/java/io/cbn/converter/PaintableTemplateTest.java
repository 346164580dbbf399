package io.cbn.converter;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11 items 1-3 on every valid photo of the corpus at default settings, judged from the files by test-side
 * checkers ({@link PaintabilityChecker}, {@link TemplateChecker}), never from the converter's own metrics: few parts
 * of regions under 1 mm and 2 mm, smooth outlines (see the limits below for how far from the targets),
 * every region still carrying one fitting number of at least 2 mm, and the SVG's regions tiling the picture as the
 * preview shows it (no gaps, every border drawn once).
 */
class PaintableTemplateTest {
    private static final Settings SETTINGS = Settings.defaults();
    /*
     * Issue 11's targets are sliver1mm <= 0.5%, sliver2mm <= 5%, stairSteps <= 0.05 on every photo. Outlines reach
     * theirs (at most 0.021 on photos with a long side of 297 px or more); the slivers, together with the colour-error
     * guard (BusyPhotoQualityTest, QualityTest), not yet: the brush opening keeps thin parts whose colour no neighbour
     * matches when the photo has no colour-error headroom to pay for them (BrushOpening, PaintableRegions).
     * bench/README.md lists the figures per photo (session 6: at most 1.17% / 9.7%, the grey pier; session 5: 1.23% /
     * 9.5%); these limits guard what holds today with some margin (session 5: 1.6% / 11%) and are to be lowered to
     * the targets.
     */
    private static final double MAX_SLIVER_1MM = 0.014, MAX_SLIVER_2MM = 0.11, MAX_STAIR_STEPS = 0.05;
    private static final Map<String, PaintabilityChecker.Report> PAINT = new LinkedHashMap<>();
    private static final Map<String, TemplateChecker.Report> FIT = new LinkedHashMap<>();
    private static final List<String> BASES = new ArrayList<>();

    @TempDir
    static Path out;

    @BeforeAll
    static void convertEveryPhoto() throws Exception {
        List<TestImages.Entry> photos = TestImages.ofKind("photo").stream()
                .filter(e -> e.fitsMinSide(Settings.DEFAULT_MIN_SIDE)).toList();
        assertFalse(photos.isEmpty());
        Converter c = new Converter(SETTINGS);
        for (TestImages.Entry e : photos) {
            String base = e.file().substring(0, e.file().lastIndexOf('.'));
            ConversionResult r = c.convert(TestImages.file(e.file()), out, base);
            assertEquals(Outcome.CREATED, r.outcome(), r.message());
            Path preview = out.resolve(base + "-preview.png"), svg = out.resolve(base + ".svg");
            PAINT.put(base, PaintabilityChecker.check(preview, svg));
            FIT.put(base, TemplateChecker.check(null, preview, svg));
            BASES.add(base);
        }
    }

    @Test
    void noPartOfARegionIsNarrowerThanABrush() {
        List<String> over = new ArrayList<>();
        PAINT.forEach((base, p) -> {
            if (p.sliver1mm() > MAX_SLIVER_1MM || p.sliver2mm() > MAX_SLIVER_2MM)
                over.add(base + " sliver1mm " + p.sliver1mm() + " sliver2mm " + p.sliver2mm());
        });
        assertTrue(over.isEmpty(), String.join("; ", over));
    }

    /**
     * Below one pixel per millimetre printed (long side under 297 px: the corpus's 103-150 px thumbnails) a border
     * a few millimetres long is a few pixels long, and any outline through pixel corners is mostly short steps.
     */
    @Test
    void outlinesAreSmooth() {
        List<String> over = new ArrayList<>();
        PAINT.forEach((base, p) -> {
            if (Math.max(p.width(), p.height()) >= 297 && p.stairSteps() > MAX_STAIR_STEPS) over.add(base + " stairSteps " + p.stairSteps());
        });
        assertTrue(over.isEmpty(), String.join("; ", over));
    }

    @Test
    void everyRegionStillHoldsOneLegibleNumber() {
        FIT.forEach((base, c) -> {
            assertEquals(1.0, c.fitRatio(), base + ": " + c);
            assertEquals(0, c.digitsUnder2mm(), base);
            assertEquals(c.regions(), c.labels(), base);
        });
    }

    @Test
    void theSvgRegionsTileThePictureAsThePreviewShowsIt() throws Exception {
        Pattern region = Pattern.compile("<path class=\"region\" data-number=\"(\\d+)\" d=\"([^\"]*)\"");
        Pattern swatch = Pattern.compile("fill=\"(#[0-9a-f]{6})\" stroke=\"[^\"]*\"/><text class=\"legend-number\"[^>]*>(\\d+)<");
        for (String base : BASES) {
            String svg = Files.readString(out.resolve(base + ".svg"));
            BufferedImage prev = ImageIO.read(out.resolve(base + "-preview.png").toFile());
            int w = prev.getWidth(), h = prev.getHeight();
            Map<Integer, Integer> numberOf = new HashMap<>();
            for (Matcher m = swatch.matcher(svg); m.find(); )
                numberOf.put(Integer.parseInt(m.group(1).substring(1), 16), Integer.parseInt(m.group(2)));
            BufferedImage drawn = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = drawn.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            int regions = 0;
            for (Matcher m = region.matcher(svg); m.find(); regions++) {
                g.setColor(new Color(Integer.parseInt(m.group(1)) + 1)); // number + 1; 0 = nothing drawn
                g.fill(path(m.group(2)));
            }
            g.dispose();
            assertTrue(regions > 0, base);
            long agree = 0, uncovered = 0;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    int n = (drawn.getRGB(x, y) & 0xFFFFFF) - 1;
                    if (n < 0) uncovered++;
                    Integer want = numberOf.get(prev.getRGB(x, y) & 0xFFFFFF);
                    if (want != null && want == n) agree++;
                }
            double total = (double) w * h;
            assertTrue(uncovered / total <= 0.001, base + ": " + uncovered + " pixels in no SVG region");
            assertTrue(agree / total >= 0.995, base + ": SVG regions and preview agree on " + agree / total);
        }
    }

    @Test
    void everyBorderIsDrawnOnceAndSharedByBothNeighbours() throws Exception {
        Pattern region = Pattern.compile("<path class=\"region\"[^>]* d=\"([^\"]*)\"");
        Pattern outline = Pattern.compile("<path class=\"outline\"[^>]* d=\"([^\"]*)\"");
        for (String base : BASES) {
            String svg = Files.readString(out.resolve(base + ".svg"));
            BufferedImage prev = ImageIO.read(out.resolve(base + "-preview.png").toFile());
            double regionsLen = 0;
            for (Matcher m = region.matcher(svg); m.find(); ) regionsLen += chordLength(m.group(1));
            Matcher o = outline.matcher(svg);
            assertTrue(o.find(), base);
            double frame = 2.0 * (prev.getWidth() + prev.getHeight());
            // each inner border is walked by the two regions beside it and drawn once; the frame by one region
            assertEquals(regionsLen - frame, 2 * chordLength(o.group(1)), 1e-3 * regionsLen, base);
        }
    }

    private static final Pattern TOKEN = Pattern.compile("[MLCZ]|-?\\d+(?:\\.\\d+)?");

    /** Absolute M/L/C/Z path data (what the converter writes) as a Java2D path. */
    static Path2D path(String d) {
        Path2D.Double p = new Path2D.Double(Path2D.WIND_NON_ZERO);
        List<String> t = tokens(d);
        char cmd = 0;
        for (int i = 0; i < t.size(); ) {
            String s = t.get(i);
            if (Character.isLetter(s.charAt(0))) { cmd = s.charAt(0); i++; if (cmd == 'Z') p.closePath(); continue; }
            switch (cmd) {
                case 'M' -> { p.moveTo(v(t, i), v(t, i + 1)); i += 2; cmd = 'L'; }
                case 'L' -> { p.lineTo(v(t, i), v(t, i + 1)); i += 2; }
                case 'C' -> { p.curveTo(v(t, i), v(t, i + 1), v(t, i + 2), v(t, i + 3), v(t, i + 4), v(t, i + 5)); i += 6; }
                default -> throw new AssertionError("unexpected path command " + cmd);
            }
        }
        return p;
    }

    private static double chordLength(String d) {
        List<String> t = tokens(d);
        double len = 0, x = 0, y = 0, sx = 0, sy = 0;
        char cmd = 0;
        for (int i = 0; i < t.size(); ) {
            String s = t.get(i);
            if (Character.isLetter(s.charAt(0))) {
                cmd = s.charAt(0); i++;
                if (cmd == 'Z') { len += Math.hypot(sx - x, sy - y); x = sx; y = sy; }
                continue;
            }
            double nx, ny;
            switch (cmd) {
                case 'M' -> { x = sx = v(t, i); y = sy = v(t, i + 1); i += 2; cmd = 'L'; continue; }
                case 'L' -> { nx = v(t, i); ny = v(t, i + 1); i += 2; }
                case 'C' -> { nx = v(t, i + 4); ny = v(t, i + 5); i += 6; }
                default -> throw new AssertionError("unexpected path command " + cmd);
            }
            len += Math.hypot(nx - x, ny - y);
            x = nx; y = ny;
        }
        return len;
    }

    private static List<String> tokens(String d) {
        List<String> t = new ArrayList<>();
        for (Matcher m = TOKEN.matcher(d); m.find(); ) t.add(m.group());
        return t;
    }

    private static double v(List<String> t, int i) { return Double.parseDouble(t.get(i)); }
}
