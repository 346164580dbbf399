package io.cbn.converter.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * PNG data the decoder papered over: the JDK's PNG reader does not check chunk CRCs, so image data damaged in a way
 * zlib still accepts decodes to a silently wrong picture. Walks the chunks and checks each CRC and that the file
 * holds every chunk it declares (one pass over the file, no decoding).
 */
final class PngChunks {
    private PngChunks() { }

    /** Why the PNG is damaged, or null when every chunk is whole and its CRC matches. */
    static String damage(Path file) {
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            in.skipNBytes(8); // signature (checked by the decoder that accepted the file)
            byte[] buf = new byte[1 << 16];
            CRC32 crc = new CRC32();
            for (int chunk = 0; ; chunk++) {
                byte[] head = in.readNBytes(8);
                if (head.length == 0) return "PNG ends without an IEND chunk";
                if (head.length < 8) return "PNG is truncated inside chunk " + chunk;
                long len = ((head[0] & 0xFFL) << 24) | ((head[1] & 0xFF) << 16) | ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
                String type = new String(head, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
                crc.reset();
                crc.update(head, 4, 4);
                for (long left = len; left > 0; ) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) return "PNG is truncated inside its " + type + " chunk";
                    crc.update(buf, 0, n);
                    left -= n;
                }
                byte[] c = in.readNBytes(4);
                if (c.length < 4) return "PNG is truncated inside its " + type + " chunk";
                long stored = ((c[0] & 0xFFL) << 24) | ((c[1] & 0xFF) << 16) | ((c[2] & 0xFF) << 8) | (c[3] & 0xFF);
                if (stored != crc.getValue()) return "PNG " + type + " chunk " + chunk + " fails its CRC (damaged data)";
                if (type.equals("IEND")) return null;
            }
        } catch (IOException e) {
            return "PNG chunks unreadable: " + e.getMessage();
        }
    }
}
