package io.cbn.aggregator.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import io.cbn.aggregator.ledger.RunSummary;

/**
 * Writes a run's summary files to {@code <adminPath>/runs/<runId>/}: summary.txt, then
 * summary.json last, so whoever sees a COMPLETE summary.json finds the matching other two (and the
 * whole items.jsonl, flushed and forced before). Each
 * file is written to a temp file in the same directory, forced to disk and renamed over the old one
 * (atomic move), so a reader never sees a half-written file. A file whose content is unchanged is
 * not rewritten.
 */
public final class ReportWriter {

    private static final Logger LOG = Logger.getLogger(ReportWriter.class);

    public static final String SUMMARY_JSON = "summary.json";
    public static final String ITEMS_JSONL = "items.jsonl";
    public static final String SUMMARY_TXT = "summary.txt";

    /** A runId is a directory name: no separators, not "." or "..". */
    private static final Pattern SAFE_RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]*");

    /** Directory of a run's reports under an admin path. */
    public static Path runDirectory(Path adminPath, String runId) {
        if (!SAFE_RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("runId " + runId + " is not usable as a directory name");
        }
        return adminPath.resolve("runs").resolve(runId);
    }

    /**
     * Writes summary.txt, then summary.json (items.jsonl is appended as results arrive, see
     * {@code ItemsAppender}, and flushed before this is called).
     *
     * @return the run directory
     */
    public Path write(Path adminPath, RunSummary summary) throws IOException {
        Path dir = runDirectory(adminPath, summary.runId());
        Files.createDirectories(dir);
        writeAtomically(dir.resolve(SUMMARY_TXT), SummaryText.render(summary));
        writeAtomically(dir.resolve(SUMMARY_JSON), SummaryJson.render(summary));
        LOG.debugf("run %s: reports written to %s (state %s, %d/%s processed)", summary.runId(), dir,
                summary.state(), summary.processed(), summary.expected());
        return dir;
    }

    /** Temp file in the target's directory, fsync, atomic rename; skipped when the content is unchanged. */
    public static void writeAtomically(Path target, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (Files.isRegularFile(target) && Files.size(target) == bytes.length
                && Arrays.equals(Files.readAllBytes(target), bytes)) {
            return;
        }
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            if (Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                // createTempFile makes owner-only files; reports are for ops to read
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
