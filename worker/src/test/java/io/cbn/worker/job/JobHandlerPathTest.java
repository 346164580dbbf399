package io.cbn.worker.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.cbn.converter.OutputFile;
import io.cbn.schemas.JobResult;
import io.cbn.worker.TestImages;

/**
 * Which files a job may read and where it may write: allowed roots, {@code ..} and symlinks out of a root rejected
 * before anything is opened; a symlink inside a root is followed.
 */
class JobHandlerPathTest extends JobHandlerFixture {

    @Test
    void aJobNamingARootOutsideTheAllowedOnesIsRejectedWithoutOpeningAnything() throws Exception {
        Path allowedSource = Files.createDirectories(tmp.resolve("allowed-src"));
        Path allowedOut = tmp.resolve("allowed-out");
        allowedRoots = AllowedRoots.of(java.util.List.of(allowedSource.toString(), sourceRoot().toString(), allowedOut.toString()));
        // a FIFO as the source: opening it would block this test forever, so a prompt answer proves nothing was opened
        Path forged = Files.createDirectories(tmp.resolve("elsewhere"));
        Process mkfifo = new ProcessBuilder("mkfifo", forged.resolve("secret.jpg").toString()).start();
        assertEquals(0, mkfifo.waitFor());
        Path forgedOut = tmp.resolve("forged-out");

        JobResult r = handler(ConversionEngine.converter()).handle(Jobs.job(forged, "secret.jpg", allowedOut)).orElseThrow();
        assertEquals(io.cbn.schemas.Outcome.REJECTED, r.getOutcome(), r.getMessage());
        assertEquals("ROOT_NOT_ALLOWED", r.getReason());
        assertTrue(r.getMessage().contains(forged.toString()), r.getMessage());

        // the output root is checked too, and nothing is created there; ".." can not climb out of an allowed root
        place("ok.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        JobResult out = handler(ConversionEngine.converter()).handle(Jobs.job(sourceRoot(), "ok.jpg", forgedOut)).orElseThrow();
        assertEquals("ROOT_NOT_ALLOWED", out.getReason(), out.getMessage());
        assertTrue(out.getMessage().contains("output root"), out.getMessage());
        assertFalse(Files.exists(forgedOut), "nothing may be written under a root that is not allowed");
        JobResult climb = handler(ConversionEngine.converter())
                .handle(Jobs.job(allowedSource.resolve("..").resolve("elsewhere"), "secret.jpg", allowedOut)).orElseThrow();
        assertEquals("ROOT_NOT_ALLOWED", climb.getReason(), climb.getMessage());
    }

    @Test
    void dotDotOutOfTheRootIsRejected() throws Exception {
        Files.copy(TestImages.image("jpeg_tiny_lizard_128.jpg"), tmp.resolve("outside.jpg"));
        AtomicInteger calls = new AtomicInteger();
        JobHandler h = handler((s, src, dir, base) -> {
            calls.incrementAndGet();
            throw new AssertionError("must not convert");
        });
        for (String rel : List.of("../outside.jpg", "a/../../outside.jpg")) {
            JobResult r = h.handle(Jobs.job(sourceRoot(), rel, tmp.resolve("out"))).orElseThrow();
            assertEquals(io.cbn.schemas.Outcome.REJECTED, r.getOutcome(), rel);
            assertEquals("PATH_ESCAPES_ROOT", r.getReason(), rel);
        }
        assertEquals(0, calls.get());
    }

    @Test
    void aSymlinkLeadingOutOfTheRootIsRejected() throws Exception {
        Path outside = Files.copy(TestImages.image("jpeg_tiny_lizard_128.jpg"), tmp.resolve("outside.jpg"));
        Files.createSymbolicLink(sourceRoot().resolve("link.jpg"), outside);
        Path outsideDir = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.copy(outside, outsideDir.resolve("in-dir.jpg"));
        Files.createSymbolicLink(sourceRoot().resolve("linked-dir"), outsideDir);
        JobHandler h = handler((s, src, dir, base) -> {
            throw new AssertionError("must not convert " + src);
        });
        for (String rel : List.of("link.jpg", "linked-dir/in-dir.jpg")) {
            JobResult r = h.handle(Jobs.job(sourceRoot(), rel, tmp.resolve("out"))).orElseThrow();
            assertEquals(io.cbn.schemas.Outcome.REJECTED, r.getOutcome(), rel);
            assertEquals("PATH_ESCAPES_ROOT", r.getReason(), rel);
        }
    }

    @Test
    void aSymlinkInsideTheRootIsFollowed() throws Exception {
        Path real = place("real/lizard.jpg", TestImages.image("jpeg_tiny_lizard_128.jpg"));
        Files.createDirectories(sourceRoot().resolve("alias"));
        Files.createSymbolicLink(sourceRoot().resolve("alias/lizard.jpg"), real);
        List<Path> seen = new ArrayList<>();
        JobResult r = handler((s, src, dir, base) -> {
            seen.add(src);
            return created(List.of(new OutputFile(base + ".svg", 1, "00")));
        }).handle(Jobs.job(sourceRoot(), "alias/lizard.jpg", tmp.resolve("out"))).orElseThrow();
        assertEquals(io.cbn.schemas.Outcome.CREATED, r.getOutcome());
        assertEquals(List.of(real.toRealPath()), seen);
        assertEquals("alias/lizard.svg", r.getOutputs().get(0).getPath());
    }
}
