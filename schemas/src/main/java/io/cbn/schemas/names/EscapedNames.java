package io.cbn.schemas.names;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The readable form {@code ImageJob.relativePath} takes for a name that is not valid UTF-8 (docs/design.md, Messages:
 * {@code relativePathBytes}): {@code %HH} for each byte that is not part of valid UTF-8, {@code %25} for {@code %}, the
 * rest as it is. The producer writes it; the worker and {@code cbn retry} turn it back into bytes with
 * {@link #unescape(String)}, so the rule lives in one place.
 */
public final class EscapedNames {

    private EscapedNames() {
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
