package io.cbn.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.cbn.schemas.ConversionSettings;
import io.cbn.schemas.ImageJob;
import io.cbn.schemas.JobIds;

class JobFactoryTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    private static final ConversionSettings SETTINGS = ConversionSettings.newBuilder().setColors(24).build();
    private static final SourceFile FILE = new SourceFile(Path.of("/photos"), "2019/a b.jpg", 1234, 1_600_000_000_000L);

    @Test
    void carriesEverythingAWorkerNeeds() {
        ImageJob job = new JobFactory("run-1", SETTINGS, "/out", CLOCK).create(FILE);
        assertEquals("run-1", job.getRunId());
        assertEquals(JobIds.jobId("run-1", "/photos", "2019/a b.jpg"), job.getJobId());
        assertEquals("/photos", job.getSourceRoot());
        assertEquals("2019/a b.jpg", job.getRelativePath());
        assertEquals(1234, job.getSizeBytes());
        assertEquals(1_600_000_000_000L, job.getMtimeMillis());
        assertEquals(SETTINGS, job.getSettings());
        assertEquals(16, ConversionSettings.newBuilder().build().getColors(), "schema default");
        assertEquals("/out", job.getOutputRoot());
        assertEquals(CLOCK.instant(), job.getEnqueuedAt());
    }

    @Test
    void jobIdIsStableAcrossEnqueuesOfTheSameRunAndDiffersAcrossRuns() {
        Clock later = Clock.offset(CLOCK, java.time.Duration.ofHours(5));
        SourceFile touched = new SourceFile(FILE.root(), FILE.relativePath(), 99, 1L);
        String first = new JobFactory("run-1", SETTINGS, "/out", CLOCK).create(FILE).getJobId();
        assertEquals(first, new JobFactory("run-1", SETTINGS, "/out2", later).create(touched).getJobId(),
                "same run, root and path: same job, whatever else changed");
        assertNotEquals(first, new JobFactory("run-2", SETTINGS, "/out", CLOCK).create(FILE).getJobId());
        assertNotEquals(first, new JobFactory("run-1", SETTINGS, "/out", CLOCK)
                .create(new SourceFile(Path.of("/other"), FILE.relativePath(), 1, 1)).getJobId());
    }
}
