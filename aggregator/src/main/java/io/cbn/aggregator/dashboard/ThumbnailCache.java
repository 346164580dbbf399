package io.cbn.aggregator.dashboard;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.jboss.logging.Logger;

/**
 * Small PNG previews of created templates, made once from the preview PNG and kept on disk under the aggregator's
 * state directory, named by the preview's sha256 (docs/design.md, "Dashboard"). Bounded work: one request makes at
 * most one thumbnail; the preview is decoded subsampled (never at full size beyond {@link #MAX_DECODE_SIDE} per
 * side); at most {@code concurrent} are made at once, others wait a little and are then refused. Plain Java.
 */
public final class ThumbnailCache {

    private static final Logger LOG = Logger.getLogger(ThumbnailCache.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** The decoded preview's longest side at most (subsampling picks a factor to stay under it). */
    static final int MAX_DECODE_SIDE = 1024;

    private final Path dir;
    private final int side;
    private final Semaphore permits;

    public ThumbnailCache(Path dir, int side, int concurrent) {
        this.dir = dir;
        this.side = side;
        this.permits = new Semaphore(Math.max(1, concurrent));
    }

    /**
     * The cached thumbnail of {@code preview} (whose content hashes to {@code sha256}), made now if missing; empty
     * when the preview cannot be read or too many are being made.
     */
    public java.util.Optional<Path> get(Path preview, String sha256) throws IOException {
        if (!SHA256.matcher(sha256).matches()) {
            return java.util.Optional.empty();
        }
        Path target = dir.resolve(sha256.substring(0, 2)).resolve(sha256 + ".png");
        if (Files.isRegularFile(target)) {
            return java.util.Optional.of(target);
        }
        try {
            if (!permits.tryAcquire(10, TimeUnit.SECONDS)) {
                return java.util.Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
        try {
            if (Files.isRegularFile(target)) {
                return java.util.Optional.of(target);
            }
            BufferedImage small = scaled(preview);
            if (small == null) {
                return java.util.Optional.empty();
            }
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), "." + sha256, ".tmp");
            try {
                ImageIO.write(small, "png", temp.toFile());
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
            return java.util.Optional.of(target);
        } finally {
            permits.release();
        }
    }

    /** The preview decoded subsampled, then scaled to {@code side} px on its long side. */
    BufferedImage scaled(Path preview) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(preview.toFile())) {
            if (in == null) {
                return null;
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                int step = Math.max(1, Math.max(w, h) / MAX_DECODE_SIDE);
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage full = reader.read(0, param);
                double scale = Math.min(1.0, side / (double) Math.max(full.getWidth(), full.getHeight()));
                int tw = Math.max(1, (int) Math.round(full.getWidth() * scale));
                int th = Math.max(1, (int) Math.round(full.getHeight() * scale));
                BufferedImage out = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = out.createGraphics();
                try {
                    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
                    g.setColor(java.awt.Color.WHITE);
                    g.fillRect(0, 0, tw, th);
                    g.drawImage(full, 0, 0, tw, th, null);
                } finally {
                    g.dispose();
                }
                return out;
            } catch (IOException | RuntimeException e) {
                LOG.warnf("thumbnail of %s: %s", preview, e.toString());
                return null;
            } finally {
                reader.dispose();
            }
        }
    }
}
