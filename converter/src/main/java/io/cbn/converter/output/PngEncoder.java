package io.cbn.converter.output;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;

/** Encodes images as PNG in memory through ImageIO with a fast deflate level (no disk cache). */
public final class PngEncoder {
    /** ImageIO's PNG writer maps quality q to deflate level round(9 * (1 - q)): 0.75 is level 2, fast and still small. */
    private static final float QUALITY = 0.75f;

    private PngEncoder() { }

    public static byte[] encode(BufferedImage img) throws IOException {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("png");
        if (!it.hasNext()) throw new IOException("no PNG writer available");
        ImageWriter writer = it.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(img.getWidth() * img.getHeight() / 4 + 1024);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (param.canWriteCompressed()) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(QUALITY);
            }
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
