package io.cbn.producer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * File names as bytes (docs/design.md, Messages: {@code ImageJob.relativePathBytes}). A Unix file name is a byte
 * string; Java maps it to a {@code String} through {@code sun.jnu.encoding}, which follows the locale and loses
 * every name the locale cannot decode. The raw bytes of a found file are read back from its {@code file:} URI
 * ({@link Path#toUri()} percent-encodes the path's own bytes, whatever the locale), so every name is enqueued:
 * <ul>
 *   <li>valid UTF-8: {@code relativePath} is the name, {@code relativePathBytes} null (as before);</li>
 *   <li>anything else (e.g. Latin-1 {@code caf\xe9.png}): {@code relativePathBytes} holds the bytes and
 *       {@code relativePath} a readable escaped form ({@link #escape(byte[])}: {@code caf%E9.png}).</li>
 * </ul>
 * The job id hashes the bytes ({@link #jobId}), so two files never share one.
 */
public final class FileNames {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(FileNames::sha256);
    private static final boolean JNU_UTF8 = "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", ""));

    private FileNames() {
    }

    /** True when this JVM decodes file names as UTF-8 ({@code sun.jnu.encoding}, set from the locale at start). */
    public static boolean platformIsUtf8() {
        return JNU_UTF8;
    }

    /**
     * Whether {@code relative} (the platform's decoding of a found name) may not be the name's true UTF-8 text:
     * it holds a replacement character, or the platform does not decode as UTF-8 and the text is not plain ASCII.
     */
    static boolean mayBeLossy(String relative) {
        for (int i = 0; i < relative.length(); i++) {
            char c = relative.charAt(i);
            if (c == '\uFFFD' || (!JNU_UTF8 && (c >= 0x80 || c == '?'))) {
                return true;
            }
        }
        return false;
    }

    /** The raw bytes of {@code file}'s path relative to {@code root} ('/' separated), read from their URIs. */
    static byte[] relativeBytes(Path root, Path file) {
        byte[] r = decodePercent(root.toUri().getRawPath());
        byte[] f = decodePercent(file.toUri().getRawPath());
        int rootLength = r.length > 0 && r[r.length - 1] == '/' ? r.length - 1 : r.length;
        if (f.length <= rootLength + 1 || f[rootLength] != '/') {
            throw new IllegalArgumentException(file + " is not under " + root);
        }
        for (int i = 0; i < rootLength; i++) {
            if (r[i] != f[i]) {
                throw new IllegalArgumentException(file + " is not under " + root);
            }
        }
        byte[] rel = new byte[f.length - rootLength - 1];
        System.arraycopy(f, rootLength + 1, rel, 0, rel.length);
        return rel;
    }

    public static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * The readable form of a name that is not valid UTF-8: its valid UTF-8 stretches as they are, every other byte
     * as {@code %HH}, and {@code %} itself as {@code %25}, so {@link #unescape(String)} gives the bytes back.
     */
    public static String escape(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length + 16);
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xFF;
            int n = sequenceLength(bytes, i);
            if (n == 0) {
                out.append('%').append(HEX.toHexDigits((byte) b));
                i++;
            } else if (b == '%') {
                out.append("%25");
                i++;
            } else {
                out.append(new String(bytes, i, n, StandardCharsets.UTF_8));
                i += n;
            }
        }
        return out.toString();
    }

    /** The bytes of an {@link #escape(byte[])}d name ({@link io.cbn.schemas.names.EscapedNames}, the one rule). */
    public static byte[] unescape(String escaped) {
        return io.cbn.schemas.names.EscapedNames.unescape(escaped);
    }

    /**
     * The job id: hex of SHA-256 over {@code runId NUL sourceRoot NUL relative path bytes}, truncated to 32
     * characters. For a UTF-8 name the bytes are its UTF-8, so the id is {@code io.cbn.schemas.JobIds.jobId} of
     * the name (unchanged); a name that is not UTF-8 hashes its own bytes, which no UTF-8 name has.
     */
    public static String jobId(String runId, String sourceRoot, byte[] relativeBytes) {
        MessageDigest digest = SHA256.get();
        digest.update(runId.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(sourceRoot.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(relativeBytes);
        return HexFormat.of().formatHex(digest.digest(), 0, 16);
    }

    /** A path from raw bytes, whatever the platform encoding ({@link io.cbn.schemas.names.EscapedNames#pathOf}). */
    public static Path pathOf(byte[] absolute) {
        return io.cbn.schemas.names.EscapedNames.pathOf(absolute);
    }

    private static boolean isHex(String s, int i) {
        return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
    }

    /** Length of the valid UTF-8 sequence starting at {@code i}, 0 when the byte there does not start one. */
    private static int sequenceLength(byte[] b, int i) {
        int lead = b[i] & 0xFF;
        int n;
        int min;
        if (lead < 0x80) {
            return 1;
        } else if (lead >= 0xC2 && lead <= 0xDF) {
            n = 2;
            min = 0x80;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            n = 3;
            min = 0x800;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            n = 4;
            min = 0x10000;
        } else {
            return 0;
        }
        if (i + n > b.length) {
            return 0;
        }
        int cp = lead & (0xFF >> (n + 1));
        for (int k = 1; k < n; k++) {
            int c = b[i + k] & 0xFF;
            if ((c & 0xC0) != 0x80) {
                return 0;
            }
            cp = (cp << 6) | (c & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return 0;
        }
        return n;
    }

    private static byte[] decodePercent(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && isHex(raw, i + 1) && isHex(raw, i + 2)) {
                out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toByteArray();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
