package io.cbn.schemas.names;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The readable form {@code ImageJob.relativePath} takes for a name that is not valid UTF-8 (docs/design.md, Messages:
 * {@code relativePathBytes}): {@code %HH} for each byte that is not part of valid UTF-8, {@code %25} for {@code %}, the
 * rest as it is. The producer writes it; the worker and {@code cbn retry} turn it back into bytes with
 * {@link #unescape(String)}, so the rule lives in one place.
 */
public final class EscapedNames {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private EscapedNames() {
    }

    /**
     * A path from the raw bytes of an absolute name, whatever the platform's file name encoding: the {@code file:}
     * URI carries every byte that is not plain ASCII percent-encoded, so a Latin-1 name opens by its bytes.
     *
     * @throws IllegalArgumentException for bytes no path can have (a NUL byte) or a name that is not absolute
     */
    public static Path pathOf(byte[] absolute) {
        StringBuilder uri = new StringBuilder(absolute.length + 16).append("file://");
        for (byte value : absolute) {
            int b = value & 0xFF;
            if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '/' || b == '.' || b == '-' || b == '_') {
                uri.append((char) b);
            } else {
                uri.append('%').append(HEX.toHexDigits((byte) b));
            }
        }
        return Path.of(URI.create(uri.toString()));
    }

    /** The bytes of an escaped name: {@code %HH} is one byte, everything else its UTF-8. */
    public static byte[] unescape(String escaped) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(escaped.length());
        int i = 0;
        while (i < escaped.length()) {
            char c = escaped.charAt(i);
            if (c == '%' && isHex(escaped, i + 1) && isHex(escaped, i + 2)) {
                out.write(Integer.parseInt(escaped.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                int cp = escaped.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(cp);
            }
        }
        return out.toByteArray();
    }

    private static boolean isHex(String s, int i) {
        return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
    }
}
