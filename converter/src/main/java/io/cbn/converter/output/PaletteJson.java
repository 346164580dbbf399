package io.cbn.converter.output;

import io.cbn.converter.colour.ColourMath;
import io.cbn.converter.colour.Palette;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * NAME-palette.json: per palette entry its number, hex, CIELAB and share of the template's pixels; with the
 * CIEDE2000 between the colour the photo wanted there and the colour printed ({@code deltaE00}, the worst in
 * {@code worstDeltaE00}) and, for real paints, the paint's name ({@code paint}).
 */
public final class PaletteJson {
    private PaletteJson() { }

    public static byte[] write(Palette palette, byte[] labels, int w, int h) {
        return write(palette, labels, w, h, null);
    }

    public static byte[] write(Palette palette, byte[] labels, int w, int h, double[] wantedDe00) {
        long[] count = new long[palette.size()];
        for (byte b : labels) count[b & 0xFF]++;
        double worst = 0;
        if (wantedDe00 != null) for (double d : wantedDe00) worst = Math.max(worst, d);
        StringBuilder sb = new StringBuilder(256 + palette.size() * 160);
        sb.append("{\"width\":").append(w).append(",\"height\":").append(h).append(",\"colours\":").append(palette.size());
        if (wantedDe00 != null) sb.append(String.format(Locale.ROOT, ",\"worstDeltaE00\":%.2f", worst));
        sb.append(",\"palette\":[\n");
        for (int i = 0; i < palette.size(); i++) {
            sb.append(String.format(Locale.ROOT, "  {\"number\":%d,\"hex\":\"%s\",\"lab\":[%.2f,%.2f,%.2f],\"pixels\":%d,\"share\":%.6f",
                    palette.printedNumber(i), ColourMath.hex(palette.rgb(i)), palette.l(i), palette.a(i), palette.b(i),
                    count[i], (double) count[i] / labels.length));
            if (palette.name(i) != null) sb.append(",\"paint\":\"").append(escape(palette.name(i))).append('"');
            if (wantedDe00 != null) sb.append(String.format(Locale.ROOT, ",\"deltaE00\":%.2f", wantedDe00[i]));
            sb.append('}').append(i + 1 < palette.size() ? "," : "").append('\n');
        }
        sb.append("]}\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.toString();
    }
}
