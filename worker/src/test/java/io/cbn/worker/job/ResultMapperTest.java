package io.cbn.worker.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cbn.converter.ConversionResult;
import io.cbn.converter.Metrics;
import io.cbn.converter.OutputFile;
import io.cbn.converter.Outcome;
import io.cbn.converter.Reason;
import io.cbn.schemas.ImageJob;
import io.cbn.schemas.JobResult;
import io.cbn.worker.build.BuildInfo;

class ResultMapperTest {

    @TempDir
    Path tmp;

    private static final Instant NOW = Instant.parse("2026-11-02T03:04:05Z");
    private final ResultMapper mapper = new ResultMapper("worker-7", new BuildInfo("0.1.0", "abc1234-dirty"),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void createdCarriesOutputsRelativeToTheOutputRootAndEveryMetric() throws Exception {
        Files.createDirectories(tmp.resolve("src/a/b"));
        ImageJob job = Jobs.job(tmp.resolve("src"), "a/b/cat.jpg", tmp.resolve("out"));
        JobPaths paths = JobPaths.resolve(job);
        Metrics m = new Metrics(4000, 3000, 1600, 1200, 16, 321, 80, 0.97, 4.5, 9.25, 1234, Map.of("read", 10L, "write", 20L), 7.75);
        ConversionResult r = new ConversionResult(Outcome.CREATED, null, "ok",
                List.of(new OutputFile("cat.svg", 100, "aa"), new OutputFile("cat-preview.png", 200, "bb")), m, List.of("HIGH_COLOUR_ERROR"));

        JobResult out = mapper.toResult(job, r, paths, 2);

        assertEquals("run-1", out.getRunId());
        assertEquals(job.getJobId(), out.getJobId());
        assertEquals(job.getSourceRoot(), out.getSourceRoot());
        assertEquals("a/b/cat.jpg", out.getRelativePath());
        assertEquals(io.cbn.schemas.Outcome.CREATED, out.getOutcome());
        assertNull(out.getReason());
        assertEquals("ok", out.getMessage());
        assertEquals(List.of("a/b/cat.svg", "a/b/cat-preview.png"), out.getOutputs().stream().map(o -> o.getPath()).toList());
        assertEquals(200L, out.getOutputs().get(1).getBytes());
        assertEquals("bb", out.getOutputs().get(1).getSha256());
        assertEquals(4000, out.getMetrics().getSourceWidth());
        assertEquals(3000, out.getMetrics().getSourceHeight());
        assertEquals(1600, out.getMetrics().getWidth());
        assertEquals(1200, out.getMetrics().getHeight());
        assertEquals(16, out.getMetrics().getColours());
        assertEquals(321, out.getMetrics().getRegions());
        assertEquals(80, out.getMetrics().getSmallestRegionPx());
        assertEquals(0.97, out.getMetrics().getLabelFit());
        assertEquals(4.5, out.getMetrics().getDeltaE00Mean());
        assertEquals(9.25, out.getMetrics().getDeltaE00P95());
        assertEquals(1234L, out.getMetrics().getDurationMs());
        assertEquals(Map.of("read", 10L, "write", 20L), out.getMetrics().getStageMs());
        assertEquals(7.75, out.getWorstDeltaE00(), "the worst wanted-to-printed dE00 of the palette");
        assertEquals(List.of("HIGH_COLOUR_ERROR"), out.getQaFlags());
        assertEquals(2, out.getAttempt());
        assertEquals("worker-7", out.getWorkerId());
        assertEquals("0.1.0", out.getWorkerBuild().getVersion());
        assertEquals("abc1234-dirty", out.getWorkerBuild().getCommit());
        assertEquals(NOW, out.getFinishedAt());
    }

    @Test
    void notConvertedCarriesTheReasonCodeAndNoOutputs() {
        ImageJob job = Jobs.job(tmp, "../x.jpg", tmp.resolve("out"));
        JobResult out = mapper.notConverted(job, Reason.PATH_ESCAPES_ROOT, "escapes");
        assertEquals(io.cbn.schemas.Outcome.REJECTED, out.getOutcome());
        assertEquals("PATH_ESCAPES_ROOT", out.getReason());
        assertEquals("escapes", out.getMessage());
        assertEquals(List.of(), out.getOutputs());
        assertEquals(1, out.getAttempt());
        assertEquals(0L, out.getMetrics().getDurationMs());
    }

    @Test
    void aNullMessageBecomesEmpty() {
        ImageJob job = Jobs.job(tmp, "x.jpg", tmp.resolve("out"));
        JobResult out = mapper.toResult(job, ConversionResult.notCreated(Reason.TIMEOUT, null, null), null, 1);
        assertEquals("", out.getMessage());
        assertEquals("TIMEOUT", out.getReason());
        assertEquals(io.cbn.schemas.Outcome.FAILED, out.getOutcome());
        assertNull(out.getMetrics());
    }
}
