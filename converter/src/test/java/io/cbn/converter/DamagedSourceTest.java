package io.cbn.converter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damaged sources are said so (issue 9 item 7): a source that decodes only in part, or whose damage the decoder
 * papered over, is CREATED with QA flag DAMAGED_SOURCE; a clean source carries no such flag.
 */
class DamagedSourceTest {
    @TempDir
    Path dir;

    private final Converter converter = new Converter(Settings.defaults().withMaxSize(400));

    /**
     * The corpus's uncompressed TIFF with its strip's byte count damaged to half the image data the picture needs: the
     * TIFF decoder warns and reads on (the rest of the strip is whatever follows), so the picture may not be the source.
     */
    @Test
    void tiffWhoseStripIsShorterThanThePictureIsFlagged() throws Exception {
        byte[] b = Files.readAllBytes(TestImages.file("tiff_raw_balloons.tif"));
        ByteBuffer bb = ByteBuffer.wrap(b).order(b[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int ifd = bb.getInt(4), n = bb.getShort(ifd) & 0xFFFF, stripOffset = -1, countAt = -1;
        for (int i = 0; i < n; i++) {
            int e = ifd + 2 + 12 * i, tag = bb.getShort(e) & 0xFFFF;
            if (tag == 273) stripOffset = bb.getInt(e + 8);  // StripOffsets (one strip, LONG)
            if (tag == 279) countAt = e + 8;                 // StripByteCounts
        }
        assertTrue(stripOffset > 0 && countAt > 0 && stripOffset > ifd, "test file layout: IFD before one strip");
        int half = bb.getInt(countAt) / 2;
        bb.putInt(countAt, half);
        Path cut = dir.resolve("balloons-cut.tif");
        Files.write(cut, b);

        ConversionResult r = converter.convert(cut, dir.resolve("out"), "cut");
        assertEquals(Outcome.CREATED, r.outcome(), r.message());
        assertTrue(r.qaFlags().contains("DAMAGED_SOURCE"), r.qaFlags() + " " + r.message());
        assertTrue(r.message().contains("damaged source"), r.message());
    }

    /** A corpus PNG with bytes of an ancillary chunk overwritten: the JDK decoder skips chunk CRCs, cbn does not. */
    @Test
    void pngWithADamagedChunkIsFlagged() throws Exception {
        byte[] b = Files.readAllBytes(TestImages.file("png_rgb_icc_astronaut.png"));
        int p = 8, target = -1;
        while (p + 8 <= b.length) {
            int len = ByteBuffer.wrap(b, p, 4).getInt();
            String type = new String(b, p + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (target < 0 && !type.equals("IHDR") && !type.equals("IDAT") && !type.equals("IEND") && !type.equals("iCCP") && len > 0) target = p + 8;
            p += 12 + len;
        }
        assertTrue(target > 0, "an ancillary chunk to damage");
        b[target] ^= 0x20;
        Path damaged = dir.resolve("astronaut-damaged.png");
        Files.write(damaged, b);
        ConversionResult r = converter.convert(damaged, dir.resolve("out"), "png");
        assertEquals(Outcome.CREATED, r.outcome(), r.message());
        assertTrue(r.qaFlags().contains("DAMAGED_SOURCE"), r.qaFlags() + " " + r.message());
    }

    /** A corpus JPEG with bytes of its entropy-coded data overwritten: the decoder warns and goes on. */
    @Test
    void jpegWithCorruptScanDataIsFlagged() throws Exception {
        byte[] b = Files.readAllBytes(TestImages.file("jpeg_progressive_meadow_1.3mp.jpg"));
        for (int i = 0; i < 16; i++) b[b.length / 2 + i] ^= 0x5a;
        Path damaged = dir.resolve("meadow-damaged.jpg");
        Files.write(damaged, b);
        ConversionResult r = converter.convert(damaged, dir.resolve("out"), "jpg");
        assertEquals(Outcome.CREATED, r.outcome(), r.message());
        assertTrue(r.qaFlags().contains("DAMAGED_SOURCE"), r.qaFlags() + " " + r.message());
    }

    @Test
    void cleanCorpusFilesAreNotFlagged() {
        for (String f : new String[]{"tiff_raw_balloons.tif", "png_rgb_icc_astronaut.png", "jpeg_progressive_meadow_1.3mp.jpg",
                "tiff_lzw_marbles_1.4mp.tif", "webp_lossy_sunset_1mp.webp", "png_palette_trns_interlaced_toucan.png"}) {
            ConversionResult r = converter.convert(TestImages.file(f), dir.resolve("clean"), f);
            assertEquals(Outcome.CREATED, r.outcome(), r.message());
            assertFalse(r.qaFlags().contains("DAMAGED_SOURCE"), f + ": " + r.message());
        }
    }
}
