package io.cbn.schemas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Stable job ids: the same run, source root and relative path always give the same id, so a
 * re-enqueued file (re-run of the same run id, producer retry) is recognisably the same job and
 * the aggregator counts it once.
 */
public final class JobIds {

    /** Length in hex characters (128 bits of SHA-256). */
    public static final int LENGTH = 32;

    private static final byte SEPARATOR = 0;
    private static final HexFormat HEX = HexFormat.of();
    /** MessageDigest lookup is costly and instances are not thread-safe: one per thread. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(JobIds::sha256);

    private JobIds() {
    }

    /**
     * Hex of SHA-256 over {@code runId NUL sourceRoot NUL relativePath} (UTF-8), truncated to
     * {@link #LENGTH} characters.
     *
     * @param runId        the run id
     * @param sourceRoot   the absolute, normalised source root as carried in {@link ImageJob#getSourceRoot()}
     * @param relativePath the '/'-separated path relative to the root
     */
    public static String jobId(String runId, String sourceRoot, String relativePath) {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(sourceRoot, "sourceRoot");
        Objects.requireNonNull(relativePath, "relativePath");
        MessageDigest digest = SHA256.get();
        digest.update(runId.getBytes(StandardCharsets.UTF_8));
        digest.update(SEPARATOR);
        digest.update(sourceRoot.getBytes(StandardCharsets.UTF_8));
        digest.update(SEPARATOR);
        digest.update(relativePath.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(digest.digest(), 0, LENGTH / 2);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
