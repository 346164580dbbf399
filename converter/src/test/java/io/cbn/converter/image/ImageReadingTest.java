package io.cbn.converter.image;

import io.cbn.converter.Deadline;
import io.cbn.converter.Settings;
import io.cbn.converter.TestImages;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageReadingTest {
    @Test
    void jpegStructureGivesOrientationAndTruncation() throws Exception {
        assertEquals(6, JpegInspector.inspect(TestImages.file("jpeg_exif_orient6_landscape.jpg")).orientation());
        assertEquals(8, JpegInspector.inspect(TestImages.file("jpeg_exif_orient8_landscape.jpg")).orientation());
        var ok = JpegInspector.inspect(TestImages.file("jpeg_large_progressive_dragonfly_13mp.jpg"));
        assertNull(ok.problem(), "a complete progressive JPEG");
        assertEquals(1, ok.orientation());
        assertTrue(JpegInspector.inspect(TestImages.file("bad_jpeg_progressive_truncated.jpeg")).problem().contains("truncated"));
        assertEquals(1, JpegInspector.exifOrientation(new byte[]{'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}),
                "hostile IFD offset is ignored");
    }

    @Test
    void largePhotoIsDecodedStraightToWorkingSize() {
        Settings s = Settings.defaults().withMaxSize(800);
        LoadedImage img = new ImageLoader(s).load(TestImages.file("jpeg_large_baseline_kleiber_20mp.jpg"), Deadline.after(Duration.ofMinutes(1)));
        assertEquals(800, img.width());
        assertEquals(450, img.height());
        assertEquals(6028, img.sourceWidth());
        assertEquals(800 * 450, img.rgb().length);
    }

    @Test
    void alphaIsCompositedOverWhite() {
        LoadedImage img = new ImageLoader(Settings.defaults()).load(TestImages.file("png_rgba_transparent_rose.png"), Deadline.after(Duration.ofMinutes(1)));
        int white = 0;
        for (int p : img.rgb()) if ((p & 0xFFFFFF) == 0xFFFFFF) white++;
        assertTrue(white > img.rgb().length / 3, "transparent half becomes white: " + white);
    }

    @Test
    void greyPngKeepsItsGreyLevels() {
        LoadedImage img = new ImageLoader(Settings.defaults()).load(TestImages.file("png_gray8_camera.png"), Deadline.after(Duration.ofMinutes(1)));
        for (int p : img.rgb()) assertTrue(((p >> 16) & 255) == (p & 255) && ((p >> 8) & 255) == (p & 255));
    }
}
