package io.cbn.worker.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.cbn.schemas.ImageJob;
import io.cbn.schemas.JobResult;
import io.cbn.worker.TestImages;

/**
 * What the result of a handled job says: its outcome, reason, outputs and metadata (docs/design.md, Outcomes), and
 * outputs already on disk reused rather than converted again (docs/design.md, Faults, holds and poison jobs: idempotent
 * re-runs).
 */
class JobHandlerOutcomeTest extends JobHandlerFixture {

    @Test
    void aRealImageIsCreatedUnderTheParentOfItsRelativePath() throws Exception {
        place("holiday/2024/lizard.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        Path out = tmp.resolve("out");
        JobResult r = handler(ConversionEngine.converter())
                .handle(Jobs.job(sourceRoot(), "holiday/2024/lizard.jpg", out)).orElseThrow();

        assertEquals(io.cbn.schemas.Outcome.CREATED, r.getOutcome(), r.getMessage());
        assertNull(r.getReason());
        assertEquals(1, r.getAttempt());
        assertEquals("w-test", r.getWorkerId());
        assertEquals("abc1234", r.getWorkerBuild().getCommit());
        assertNotNull(r.getMetrics());
        assertTrue(r.getMetrics().getWidth() > 0);
        assertFalse(r.getOutputs().isEmpty());
        for (io.cbn.schemas.OutputFile o : r.getOutputs()) {
            assertTrue(o.getPath().startsWith("holiday/2024/lizard"), o.getPath());
            Path file = out.resolve(o.getPath());
            assertTrue(Files.isRegularFile(file), "missing output " + file);
            assertEquals(Files.size(file), o.getBytes());
            assertEquals(sha256(file), o.getSha256());
        }
        assertFalse(gate.isFaulted());
    }

    @Test
    void aResultNeverCarriesTheBytesOfANonImageFile() throws Exception {
        Path text = sourceRoot().resolve("notes.jpg");
        Files.writeString(text, "password=hunter2 and more private text");
        JobResult r = handler(ConversionEngine.converter()).handle(Jobs.job(sourceRoot(), "notes.jpg", tmp.resolve("out"))).orElseThrow();
        assertEquals("UNSUPPORTED_FORMAT", r.getReason(), r.getMessage());
        String hex = java.util.HexFormat.ofDelimiter(" ").formatHex("passw".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertFalse(r.getMessage().contains("passw") || r.getMessage().contains(hex), "the file's content leaked: " + r.getMessage());
    }

    @Test
    void aMalformedImageFailsWithDecodeErrorWithoutRetries() throws Exception {
        place("bad.png", TestImages.image("bad_png_zlib.png"));
        JobResult r = handler(ConversionEngine.converter()).handle(Jobs.job(sourceRoot(), "bad.png", tmp.resolve("out"))).orElseThrow();
        assertEquals(io.cbn.schemas.Outcome.FAILED, r.getOutcome(), r.getMessage());
        assertEquals("DECODE_ERROR", r.getReason());
        assertTrue(r.getOutputs().isEmpty());
        assertTrue(sleeps.isEmpty(), "a permanent failure is not retried");
    }

    @Test
    void aMissingSourceFailsWithSourceMissing() throws Exception {
        JobResult r = handler(ConversionEngine.converter()).handle(Jobs.job(sourceRoot(), "nope/gone.jpg", tmp.resolve("out"))).orElseThrow();
        assertEquals(io.cbn.schemas.Outcome.FAILED, r.getOutcome());
        assertEquals("SOURCE_MISSING", r.getReason());
        assertFalse(gate.isFaulted(), "the source root is there: only this file is gone");
    }

    @Test
    void aJobOfACancelledRunIsFailedCancelledWithoutConverting() throws Exception {
        place("x.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        cancelled.cancel("run-1");
        JobResult r = handler((s, src, dir, base) -> {
            throw new AssertionError("must not convert");
        }).handle(Jobs.job(sourceRoot(), "x.jpg", tmp.resolve("out"))).orElseThrow();
        assertEquals(io.cbn.schemas.Outcome.FAILED, r.getOutcome());
        assertEquals("CANCELLED", r.getReason());
    }

    @Test
    void theResultRecordsTheSourceSha256AndFlagsASourceChangedSinceEnqueued() throws Exception {
        Path file = place("x.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        JobHandler h = handler((s, src, dir, base) -> created(List.of()));
        ImageJob changed = Jobs.job(sourceRoot(), "x.jpg", tmp.resolve("out")); // size 0, mtime 0
        JobResult r = h.handle(changed).orElseThrow();
        assertEquals(sha256(file), r.getSourceSha256());
        assertTrue(r.getQaFlags().contains("SOURCE_CHANGED"), r.getQaFlags().toString());

        ImageJob same = Jobs.job(sourceRoot(), "x.jpg", tmp.resolve("out"));
        same.setSizeBytes(Files.size(file));
        same.setMtimeMillis(Files.getLastModifiedTime(file).toMillis());
        JobResult r2 = h.handle(same).orElseThrow();
        assertEquals(sha256(file), r2.getSourceSha256());
        assertFalse(r2.getQaFlags().contains("SOURCE_CHANGED"), r2.getQaFlags().toString());
    }

    @Test
    void aThrowingConverterGivesInternalError() throws Exception {
        place("x.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        JobResult r = handler((s, src, dir, base) -> {
            throw new IllegalStateException("boom");
        }).handle(Jobs.job(sourceRoot(), "x.jpg", tmp.resolve("out"))).orElseThrow();
        assertEquals(io.cbn.schemas.Outcome.FAILED, r.getOutcome());
        assertEquals("INTERNAL_ERROR", r.getReason());
    }

    @Test
    void aJobWhoseOutputsAreOnDiskFromTheSameSourceAndSettingsIsReusedNotConverted() throws Exception {
        Path file = place("r/lizard.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        Path out = tmp.resolve("out");
        AtomicInteger conversions = new AtomicInteger();
        JobHandler h = handler((s, src, dir, base) -> {
            conversions.incrementAndGet();
            return ConversionEngine.converter().convert(s, src, dir, base);
        });
        ImageJob job = Jobs.job(sourceRoot(), "r/lizard.jpg", out);
        job.setSizeBytes(Files.size(file));
        job.setMtimeMillis(Files.getLastModifiedTime(file).toMillis());
        JobResult first = published(h, job);
        assertEquals(io.cbn.schemas.Outcome.CREATED, first.getOutcome(), first.getMessage());
        assertFalse(first.getReused());
        Path svg = out.resolve(first.getOutputs().get(0).getPath());
        var mtime = Files.getLastModifiedTime(svg);

        JobResult again = published(h, job);
        assertEquals(io.cbn.schemas.Outcome.CREATED, again.getOutcome());
        assertTrue(again.getReused());
        assertEquals(first.getOutputs(), again.getOutputs());
        assertEquals(first.getSourceSha256(), again.getSourceSha256());
        assertEquals(1, conversions.get(), "not converted again");
        assertEquals(mtime, Files.getLastModifiedTime(svg));

        ImageJob otherSettings = ImageJob.newBuilder(job).build();
        otherSettings.getSettings().setColors(12);
        assertFalse(published(h, otherSettings).getReused(), "other settings: converted");
        assertEquals(2, conversions.get());

        Files.write(svg, "tampered".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ImageJob firstSettings = Jobs.job(sourceRoot(), "r/lizard.jpg", out);
        firstSettings.setSizeBytes(job.getSizeBytes());
        firstSettings.setMtimeMillis(job.getMtimeMillis());
        published(h, firstSettings); // rewrites the outputs and the manifest for 16 colours
        assertEquals(3, conversions.get());
        Files.write(out.resolve(first.getOutputs().get(0).getPath()), "tampered".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertFalse(published(h, firstSettings).getReused(), "output bytes differ: converted");
        assertEquals(4, conversions.get());
    }

    /** A worker whose build has no commit id can not vouch for outputs on disk: the job is converted again. */
    @Test
    void aBuildWithoutACommitIdNeverReusesOutputs() throws Exception {
        Path file = place("r/lizard.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        Path out = tmp.resolve("out");
        AtomicInteger conversions = new AtomicInteger();
        JobHandler h = handler((s, src, dir, base) -> {
            conversions.incrementAndGet();
            return ConversionEngine.converter().convert(s, src, dir, base);
        }, "1.2.3 " + io.cbn.worker.build.BuildInfo.UNKNOWN);
        ImageJob job = Jobs.job(sourceRoot(), "r/lizard.jpg", out);
        job.setSizeBytes(Files.size(file));
        job.setMtimeMillis(Files.getLastModifiedTime(file).toMillis());
        assertEquals(io.cbn.schemas.Outcome.CREATED, published(h, job).getOutcome());
        JobResult again = published(h, job);
        assertEquals(io.cbn.schemas.Outcome.CREATED, again.getOutcome());
        assertFalse(again.getReused());
        assertEquals(2, conversions.get(), "converted again");
    }
}
