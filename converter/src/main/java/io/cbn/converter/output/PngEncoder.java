package io.cbn.converter.output;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Encodes 8-bit indexed-colour PNGs in memory (signature, IHDR, PLTE, one IDAT, IEND). Both raster outputs are
 * palette images with long runs, so filter type 0 and a fast deflate level give small files quickly; ImageIO's
 * writer spends most of its time converting rows to int samples. Output is deterministic.
 */
public final class PngEncoder {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int LEVEL = 3;

    private PngEncoder() { }

    /** @param px one palette index per pixel, row-major, w * h bytes; @param palette packed 0xRRGGBB, at most 256 */
    public static byte[] encodeIndexed(byte[] px, int w, int h, int[] palette) {
        if (palette.length < 1 || palette.length > 256) throw new IllegalArgumentException("palette size " + palette.length);
        if ((long) w * h > px.length) throw new IllegalArgumentException("pixel array too short");
        ByteArrayOutputStream out = new ByteArrayOutputStream(w * h / 8 + 1024);
        out.writeBytes(SIGNATURE);
        byte[] ihdr = new byte[13];
        int32(ihdr, 0, w);
        int32(ihdr, 4, h);
        ihdr[8] = 8;  // bit depth
        ihdr[9] = 3;  // colour type: indexed
        chunk(out, "IHDR", ihdr, ihdr.length);
        byte[] plte = new byte[palette.length * 3];
        for (int i = 0; i < palette.length; i++) {
            plte[3 * i] = (byte) (palette[i] >> 16); plte[3 * i + 1] = (byte) (palette[i] >> 8); plte[3 * i + 2] = (byte) palette[i];
        }
        chunk(out, "PLTE", plte, plte.length);
        ByteArrayOutputStream z = new ByteArrayOutputStream(w * h / 8 + 1024);
        Deflater deflater = new Deflater(LEVEL);
        try (DeflaterOutputStream dos = new DeflaterOutputStream(z, deflater, 1 << 16)) {
            byte[] row = new byte[w + 1]; // filter byte 0 (None) then the row
            for (int y = 0; y < h; y++) {
                System.arraycopy(px, y * w, row, 1, w);
                dos.write(row);
            }
        } catch (IOException e) {
            throw new IllegalStateException("in-memory deflate failed", e);
        } finally {
            deflater.end();
        }
        byte[] data = z.toByteArray();
        chunk(out, "IDAT", data, data.length);
        chunk(out, "IEND", new byte[0], 0);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data, int len) {
        byte[] head = new byte[8];
        int32(head, 0, len);
        for (int i = 0; i < 4; i++) head[4 + i] = (byte) type.charAt(i);
        out.write(head, 0, 8);
        out.write(data, 0, len);
        CRC32 crc = new CRC32();
        crc.update(head, 4, 4);
        crc.update(data, 0, len);
        byte[] c = new byte[4];
        int32(c, 0, (int) crc.getValue());
        out.write(c, 0, 4);
    }

    private static void int32(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 24); b[o + 1] = (byte) (v >>> 16); b[o + 2] = (byte) (v >>> 8); b[o + 3] = (byte) v;
    }
}
