package io.cbn.worker.job;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.jboss.logging.Logger;

/**
 * Attempt markers of poison-job detection (docs/design.md, "Faults, holds and poison jobs"): before a job is
 * converted one line is appended to {@code <outputRoot>/.cbn/attempts/<2 hex>/<jobId>}; once the job's
 * result is published the marker is removed. A marker found with lines in it therefore counts attempts whose worker
 * died (crash, OOM kill, SIGKILL) before finishing; the output volume is shared by every worker, so the count holds
 * across workers and restarts. The line is not forced to disk: a process's writes survive its death, which is what
 * the marker counts; only a machine crash can lose it, costing the job one more attempt (docs/design.md).
 *
 * <p>{@code <2 hex>} is the first byte of sha256(jobId), spreading the markers over 256 folders. A job id that is not
 * a plain file name ([A-Za-z0-9._-], at most 128 chars) is stored under its sha256 instead.
 */
public class AttemptMarkers {

    private static final Logger LOG = Logger.getLogger(AttemptMarkers.class);

    private final String workerId;
    private final Clock clock;

    public AttemptMarkers(String workerId, Clock clock) {
        this.workerId = workerId;
        this.clock = clock;
    }

    /** The marker of {@code jobId} under {@code outputRoot}. */
    public static Path marker(Path outputRoot, String jobId) {
        String sha = sha256(jobId);
        String name = jobId.matches("[A-Za-z0-9._-]{1,128}") && !jobId.startsWith(".") ? jobId : sha;
        return outputRoot.resolve(".cbn").resolve("attempts").resolve(sha.substring(0, 2)).resolve(name);
    }

    /** Earlier attempts recorded for the job that never finished (0 when there is no marker). */
    public int unfinished(Path outputRoot, String jobId) throws IOException {
        try {
            return lines(marker(outputRoot, jobId)).size();
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /**
     * Records one more attempt: written and closed before this returns, so it outlives this process (not forced to
     * disk: see the class comment).
     */
    public void begin(Path outputRoot, String jobId, int attempt) throws IOException {
        Path m = marker(outputRoot, jobId);
        Files.createDirectories(m.getParent());
        String line = "attempt " + attempt + " worker " + workerId + " at " + clock.instant() + "\n";
        try (FileChannel ch = FileChannel.open(m, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) ch.write(b);
        }
    }

    /** The job's result is published: its attempts are over. Never throws: a leftover marker only over-counts. */
    public void finish(Path outputRoot, String jobId) {
        try {
            Files.deleteIfExists(marker(outputRoot, jobId));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot remove the attempt marker of job %s: %s", jobId, e);
        }
    }

    /**
     * The attempt recorded last did not crash (the job was parked or handed back on shutdown): it is taken off
     * again, so only attempts that took their worker down count.
     */
    public void undo(Path outputRoot, String jobId) {
        Path m = marker(outputRoot, jobId);
        try {
            List<String> lines = new ArrayList<>(lines(m));
            if (lines.size() <= 1) {
                Files.deleteIfExists(m);
            } else {
                lines.remove(lines.size() - 1);
                Path tmp = m.resolveSibling(m.getFileName() + ".tmp");
                Files.write(tmp, lines, StandardCharsets.UTF_8);
                Files.move(tmp, m, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (NoSuchFileException e) {
            // nothing recorded
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot take back the attempt of job %s: %s", jobId, e);
        }
    }

    private static List<String> lines(Path m) throws IOException {
        return Files.readAllLines(m, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
