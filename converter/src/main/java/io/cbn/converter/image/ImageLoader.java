package io.cbn.converter.image;

import io.cbn.converter.ConversionException;
import io.cbn.converter.Deadline;
import io.cbn.converter.Reason;
import io.cbn.converter.Settings;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.Locale;

/**
 * Reads any supported image safely: size limits from the header before decoding, content-based format detection,
 * subsampled decode straight to (about) the working size, alpha over white, EXIF orientation, area-average to the
 * exact working size. Every failure is a {@link ConversionException} with the reason of docs/design.md, "Outcomes".
 */
public final class ImageLoader {
    private static final System.Logger LOG = System.getLogger(ImageLoader.class.getName());

    static {
        ImageIO.setUseCache(false); // decoders read from files; never spill stream caches to java.io.tmpdir
    }

    /** Peak heap per pixel of the working image over the whole conversion (measured: about 35-45 bytes). */
    static final long BYTES_PER_WORKING_PIXEL = 48;
    /** Share of the maximum heap one conversion may plan to use. */
    private static final double HEAP_SHARE = 0.8;

    private final Settings settings;

    public ImageLoader(Settings settings) { this.settings = settings; }

    public LoadedImage load(Path file, Deadline deadline) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new ConversionException(Reason.SOURCE_MISSING, "source file does not exist");
        } catch (IOException e) {
            throw new ConversionException(Reason.IO_ERROR, "cannot stat source: " + e);
        }
        if (attrs.isDirectory()) throw new ConversionException(Reason.UNSUPPORTED_FORMAT, "is a directory, not an image");
        if (!attrs.isRegularFile()) throw new ConversionException(Reason.UNSUPPORTED_FORMAT, "not a regular file");
        long bytes = attrs.size();
        if (bytes == 0) throw new ConversionException(Reason.UNSUPPORTED_FORMAT, "empty file (0 bytes) is not an image");
        if (bytes > settings.maxBytes())
            throw new ConversionException(Reason.TOO_LARGE, "file is " + bytes + " bytes, over the limit of " + settings.maxBytes());
        byte[] head = new byte[32];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (NoSuchFileException e) {
            throw new ConversionException(Reason.SOURCE_MISSING, "source file disappeared before it could be read");
        } catch (IOException e) {
            throw new ConversionException(Reason.IO_ERROR, "cannot read source: " + e);
        }
        long[] declared = HeaderSniffer.declaredSize(head, n);
        if (declared != null) checkTooLarge(declared[0], declared[1]);

        // by Path, not File: a File names the source by a String and loses names that are not in the platform encoding
        try (ImageInputStream iis = new ChannelImageInputStream(file)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext())
                throw new ConversionException(Reason.UNSUPPORTED_FORMAT, "content is not a supported image format (no known image"
                        + " signature in its first " + n + " bytes)");
            ImageReader reader = readers.next();
            try {
                return decode(file, reader, iis, deadline);
            } finally {
                reader.dispose();
            }
        } catch (FileNotFoundException | NoSuchFileException e) {
            throw new ConversionException(Reason.SOURCE_MISSING, "source file disappeared before it could be read");
        } catch (AccessDeniedException e) {
            throw new ConversionException(Reason.IO_ERROR, "cannot read source: " + e);
        } catch (IOException e) {
            throw new ConversionException(Reason.IO_ERROR, "cannot read source: " + e);
        }
    }

    private LoadedImage decode(Path file, ImageReader reader, ImageInputStream iis, Deadline deadline) throws IOException {
        String format = reader.getOriginatingProvider() == null ? reader.getFormatName()
                : reader.getOriginatingProvider().getFormatNames()[0];
        format = format.toLowerCase(Locale.ROOT);
        reader.setInput(iis, false, true);
        int w, h;
        try {
            w = reader.getWidth(0);
            h = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
            throw new ConversionException(Reason.DECODE_ERROR, format + " header is corrupt: " + message(e), e);
        }
        checkTooLarge(w, h);
        if (w < settings.minSide() || h < settings.minSide())
            throw new ConversionException(Reason.TOO_SMALL, w + "x" + h + " px is under the minimum side of " + settings.minSide() + " px");

        int orientation = 1;
        if (format.equals("jpeg") || format.equals("jpg")) {
            JpegInspector.Report report = JpegInspector.inspect(file);
            if (report.problem() != null) throw new ConversionException(Reason.DECODE_ERROR, "JPEG " + report.problem());
            orientation = report.orientation();
        }
        boolean animated = false;
        if (format.equals("gif") || format.equals("webp")) {
            try {
                animated = reader.getNumImages(true) > 1;
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot count frames of {0}: {1}", file, e);
            }
        }

        int longSide = Math.max(w, h);
        int target = settings.maxSize() == 0 ? longSide : Math.min(settings.maxSize(), longSide);
        long working = (long) Math.round((double) w * target / longSide) * Math.round((double) h * target / longSide);
        long budget = (long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE);
        if (working * BYTES_PER_WORKING_PIXEL > budget)
            throw new ConversionException(Reason.TOO_LARGE, "template size of " + working + " px needs about "
                    + (working * BYTES_PER_WORKING_PIXEL >> 20) + " MB, more than this JVM can give one conversion ("
                    + (budget >> 20) + " MB); use a smaller maxSize");
        int step = Math.max(1, longSide / target);
        ImageReadParam param = reader.getDefaultReadParam();
        if (step > 1) param.setSourceSubsampling(step, step, 0, 0);
        DeadlineAbort abort = new DeadlineAbort(deadline);
        reader.addIIOReadProgressListener(abort);
        Warnings warnings = new Warnings();
        reader.addIIOReadWarningListener(warnings);
        BufferedImage img;
        deadline.check("decode");
        try {
            img = reader.read(0, param);
        } catch (IOException | RuntimeException e) {
            if (deadline.expired()) deadline.check("decode");
            throw new ConversionException(Reason.DECODE_ERROR, format + " decoder failed: " + message(e), e);
        }
        if (abort.aborted || img == null) deadline.check("decode");
        if (img == null) throw new ConversionException(Reason.DECODE_ERROR, format + " decoder returned no image");

        int dw = img.getWidth(), dh = img.getHeight();
        String damage = warnings.first;
        int ew = (w + step - 1) / step, eh = (h + step - 1) / step;
        if (damage == null && (dw != ew || dh != eh))
            damage = "decoded " + dw + "x" + dh + " px where the header declares " + w + "x" + h
                    + (step > 1 ? " (read every " + step + "th pixel: " + ew + "x" + eh + ")" : "");
        if (damage == null && format.equals("png")) damage = PngChunks.damage(file);
        int[] px = toRgb(img);
        img = null;
        int tw = Math.max(1, (int) Math.round((double) w * target / longSide));
        int th = Math.max(1, (int) Math.round((double) h * target / longSide));
        px = Downscaler.areaAverage(px, dw, dh, Math.min(tw, dw), Math.min(th, dh), deadline);
        tw = Math.min(tw, dw);
        th = Math.min(th, dh);
        px = Orientation.apply(px, tw, th, orientation);
        boolean swap = Orientation.swapsAxes(orientation);
        return new LoadedImage(px, swap ? th : tw, swap ? tw : th, swap ? h : w, swap ? w : h, format, animated, damage);
    }

    private void checkTooLarge(long w, long h) {
        if (w * h > settings.maxPixels())
            throw new ConversionException(Reason.TOO_LARGE, "header declares " + w + "x" + h + " = " + (w * h)
                    + " px, over the limit of " + settings.maxPixels() + " px");
    }

    /** Packed 0xRRGGBB pixels, any alpha composited over white. */
    private static int[] toRgb(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        if (img.getType() == BufferedImage.TYPE_INT_RGB) {
            int[] data = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
            if (data.length == w * h) return data;
        }
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setComposite(AlphaComposite.SrcOver);
            g.drawImage(img, 0, 0, null);
        } finally {
            g.dispose();
        }
        return ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** The decoder's first warning (ImageIO warning listener): it went on past something wrong in the data. */
    private static final class Warnings implements IIOReadWarningListener {
        String first;
        int count;

        @Override public void warningOccurred(ImageReader source, String warning) {
            count++;
            if (first == null) first = "decoder warning: " + warning;
            else if (count == 2) first += " (and more)";
        }
    }

    /** Aborts a running decode once the deadline has passed (decoders report progress per band of rows). */
    private static final class DeadlineAbort implements IIOReadProgressListener {
        private final Deadline deadline;
        volatile boolean aborted;

        DeadlineAbort(Deadline deadline) { this.deadline = deadline; }

        @Override public void imageProgress(ImageReader source, float percentageDone) {
            if (deadline.expired()) { aborted = true; source.abort(); }
        }
        @Override public void sequenceStarted(ImageReader source, int minIndex) { }
        @Override public void sequenceComplete(ImageReader source) { }
        @Override public void imageStarted(ImageReader source, int imageIndex) { }
        @Override public void imageComplete(ImageReader source) { }
        @Override public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) { }
        @Override public void thumbnailProgress(ImageReader source, float percentageDone) { }
        @Override public void thumbnailComplete(ImageReader source) { }
        @Override public void readAborted(ImageReader source) { aborted = true; }
    }
}
