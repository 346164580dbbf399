package io.cbn.converter;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * EXIF-rotated photos (stored 1200x1800 portrait, orientation 6 and 8, the same landscape scene) come out upright:
 * landscape size, bright sky at the top and the bright side on the left, and the two agree with each other.
 */
class OrientationTest {
    @TempDir
    static Path out;
    static BufferedImage six, eight;
    static ConversionResult r6, r8;

    @BeforeAll
    static void convert() throws Exception {
        Converter c = new Converter(Settings.defaults().withMaxSize(480));
        r6 = c.convert(TestImages.file("jpeg_exif_orient6_landscape.jpg"), out, "o6");
        r8 = c.convert(TestImages.file("jpeg_exif_orient8_landscape.jpg"), out, "o8");
        six = ImageIO.read(out.resolve("o6-preview.png").toFile());
        eight = ImageIO.read(out.resolve("o8-preview.png").toFile());
    }

    @Test
    void outputIsLandscape() {
        for (ConversionResult r : new ConversionResult[]{r6, r8}) {
            assertEquals(Outcome.CREATED, r.outcome(), r.message());
            assertEquals(480, r.metrics().width());
            assertEquals(320, r.metrics().height());
            assertEquals(1800, r.metrics().sourceWidth());
            assertEquals(1200, r.metrics().sourceHeight());
        }
        assertEquals(480, six.getWidth());
        assertEquals(320, six.getHeight());
    }

    @Test
    void skyIsUpAndBrightSideLeft() {
        for (BufferedImage img : new BufferedImage[]{six, eight}) {
            int w = img.getWidth(), h = img.getHeight();
            double top = luma(img, 0, 0, w, h / 4), bottom = luma(img, 0, 3 * h / 4, w, h);
            double left = luma(img, 0, 0, w / 4, h), right = luma(img, 3 * w / 4, 0, w, h);
            assertTrue(top > bottom + 30, "top " + top + " bottom " + bottom);
            assertTrue(left > right + 20, "left " + left + " right " + right);
        }
    }

    @Test
    void bothOrientationsGiveTheSamePicture() {
        double diff = 0;
        int n = 0;
        for (int y = 0; y < six.getHeight(); y += 2)
            for (int x = 0; x < six.getWidth(); x += 2, n++)
                diff += Math.abs(luma(six.getRGB(x, y)) - luma(eight.getRGB(x, y)));
        assertTrue(diff / n < 20, "mean luma difference " + diff / n);
    }

    private static double luma(BufferedImage img, int x0, int y0, int x1, int y1) {
        double s = 0;
        int n = 0;
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++, n++) s += luma(img.getRGB(x, y));
        return s / n;
    }

    private static double luma(int p) {
        return 0.299 * ((p >> 16) & 255) + 0.587 * ((p >> 8) & 255) + 0.114 * (p & 255);
    }
}
