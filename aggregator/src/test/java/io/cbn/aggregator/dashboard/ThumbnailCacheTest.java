package io.cbn.aggregator.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cbn.aggregator.report.OutputVerifier;

/** Thumbnails of real corpus pictures: small, made once, keyed by the preview's sha256; unreadable input is refused. */
class ThumbnailCacheTest {

    private static final Path IMAGES = Path.of(System.getProperty("cbn.images", "../../shared/images"));

    @TempDir
    Path dir;

    @Test
    void aThumbnailIsSmallAndMadeOnce() throws Exception {
        Path preview = IMAGES.resolve("png_large_rgb_milkyway_15mp.png"); // 5120 x 2880: decoded subsampled
        String sha = OutputVerifier.sha256(preview);
        ThumbnailCache cache = new ThumbnailCache(dir.resolve("thumbs"), 160, 1);
        Path thumb = cache.get(preview, sha).orElseThrow();
        assertEquals(dir.resolve("thumbs").resolve(sha.substring(0, 2)).resolve(sha + ".png"), thumb);
        BufferedImage img = ImageIO.read(thumb.toFile());
        assertEquals(160, img.getWidth());
        assertEquals(90, img.getHeight());
        var made = Files.getLastModifiedTime(thumb);
        assertEquals(thumb, cache.get(preview, sha).orElseThrow());
        assertEquals(made, Files.getLastModifiedTime(thumb), "served from the cache");
    }

    @Test
    void unreadablePreviewsAndBadHashesGiveNothing() throws Exception {
        ThumbnailCache cache = new ThumbnailCache(dir.resolve("thumbs"), 160, 1);
        Path bad = IMAGES.resolve("bad_webp_empty.webp");
        assertTrue(cache.get(bad, OutputVerifier.sha256(bad)).isEmpty());
        assertTrue(cache.get(IMAGES.resolve("png_gray8_camera.png"), "../../etc").isEmpty());
    }
}
