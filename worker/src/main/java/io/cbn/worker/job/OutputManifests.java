package io.cbn.worker.job;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cbn.schemas.ImageJob;
import io.cbn.schemas.JobResult;
import io.cbn.schemas.OutputFile;
import io.cbn.schemas.Outcome;
import io.cbn.schemas.codec.AvroCodec;
import io.cbn.worker.build.BuildInfo;

/**
 * Idempotent re-runs (issue 9 item 4): beside the outputs of every CREATED job a small manifest
 * ({@code <outDir>/.cbn/manifests/<baseName>.json}) records the source (size, mtime, sha256), the settings, the
 * worker build and the result with its outputs' sha256s. A later job for the same file whose manifest matches, whose
 * source has the same size, mtime and sha256, the same settings, a build of the same commit (never a {@code -dirty}
 * one: its bytes are not pinned by the commit), and whose outputs still have the recorded bytes, is not converted
 * again: its result is republished CREATED with {@code reused=true}. Anything that differs means a conversion.
 */
public class OutputManifests {

    private static final Logger LOG = Logger.getLogger(OutputManifests.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AvroCodec<JobResult> RESULTS = AvroCodec.of(JobResult.class);

    private final String build;
    private final Clock clock;

    /** @param build the worker build, {@code version commit} */
    public OutputManifests(String build, Clock clock) {
        this.build = build;
        this.clock = clock;
    }

    static Path manifest(JobPaths paths) {
        return paths.outDir().resolve(".cbn").resolve("manifests").resolve(paths.baseName() + ".json");
    }

    /** The earlier result, reused, when everything matches; empty when the job must be converted. */
    public Optional<JobResult> reusable(ImageJob job, JobPaths paths, String workerId) {
        // a build that can not name its code (uncommitted changes, or no commit id at all) never vouches for outputs
        if (build.endsWith("-dirty") || build.endsWith(" " + BuildInfo.UNKNOWN)) return Optional.empty();
        Path m = manifest(paths);
        try {
            JsonNode n = JSON.readTree(Files.readString(m));
            if (!build.equals(n.path("build").asText()) || !settings(job).equals(n.path("settings").asText())) return Optional.empty();
            BasicFileAttributes a = Files.readAttributes(paths.source(), BasicFileAttributes.class);
            if (a.size() != n.path("sourceSize").asLong(-1) || a.lastModifiedTime().toMillis() != n.path("sourceMtime").asLong(-1)) {
                return Optional.empty();
            }
            if (!sha256(paths.source()).equals(n.path("sourceSha256").asText())) return Optional.empty();
            JobResult earlier = RESULTS.decode(Base64.getDecoder().decode(n.path("result").asText()));
            if (earlier.getOutcome() != Outcome.CREATED || earlier.getOutputs().isEmpty()) return Optional.empty();
            for (OutputFile o : earlier.getOutputs()) {
                Path f = paths.outputRoot().resolve(o.getPath());
                if (!Files.isRegularFile(f) || Files.size(f) != o.getBytes() || !sha256(f).equals(o.getSha256())) {
                    return Optional.empty();
                }
            }
            return Optional.of(JobResult.newBuilder(earlier)
                    .setRunId(job.getRunId()).setJobId(job.getJobId())
                    .setSourceRoot(job.getSourceRoot()).setRelativePath(job.getRelativePath())
                    .setAttempt(1).setWorkerId(workerId).setFinishedAt(clock.instant()).setReused(true)
                    .setMessage("reused: outputs already on disk from the same source, settings and build")
                    .build());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.debugf("manifest %s not usable: %s", m, e);
            return Optional.empty();
        }
    }

    /** Writes the manifest of a CREATED result (atomically); a failure only costs a conversion next time. */
    public void record(ImageJob job, JobPaths paths, JobResult result) {
        if (result.getOutcome() != Outcome.CREATED || result.getSourceSha256() == null || result.getOutputs().isEmpty()) return;
        Path m = manifest(paths);
        try {
            BasicFileAttributes a = Files.readAttributes(paths.source(), BasicFileAttributes.class);
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("sourceSize", a.size());
            n.put("sourceMtime", a.lastModifiedTime().toMillis());
            n.put("sourceSha256", result.getSourceSha256());
            n.put("settings", settings(job));
            n.put("build", build);
            Map<String, String> outputs = new LinkedHashMap<>();
            result.getOutputs().forEach(o -> outputs.put(o.getPath(), o.getSha256()));
            n.put("outputs", outputs);
            n.put("result", Base64.getEncoder().encodeToString(RESULTS.encode(result)));
            Files.createDirectories(m.getParent());
            Path tmp = m.resolveSibling(m.getFileName() + ".tmp");
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
            Files.move(tmp, m, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("manifest %s not written: %s", m, e);
        }
    }

    private static String settings(ImageJob job) {
        return job.getSettings().toString(); // Avro's JSON form of every field
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) md.update(buf, 0, r);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
