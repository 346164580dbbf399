package io.cbn.converter.output;

import io.cbn.converter.colour.ColourMath;
import io.cbn.converter.colour.Palette;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** NAME-palette.json: per palette entry its number, hex, CIELAB and share of the template's pixels. */
public final class PaletteJson {
    private PaletteJson() { }

    public static byte[] write(Palette palette, byte[] labels, int w, int h) {
        long[] count = new long[palette.size()];
        for (byte b : labels) count[b & 0xFF]++;
        StringBuilder sb = new StringBuilder(256 + palette.size() * 128);
        sb.append("{\"width\":").append(w).append(",\"height\":").append(h).append(",\"colours\":").append(palette.size())
          .append(",\"palette\":[\n");
        for (int i = 0; i < palette.size(); i++) {
            sb.append(String.format(Locale.ROOT, "  {\"number\":%d,\"hex\":\"%s\",\"lab\":[%.2f,%.2f,%.2f],\"pixels\":%d,\"share\":%.6f}%s%n",
                    Palette.number(i), ColourMath.hex(palette.rgb(i)), palette.l(i), palette.a(i), palette.b(i),
                    count[i], (double) count[i] / labels.length, i + 1 < palette.size() ? "," : ""));
        }
        sb.append("]}\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
