package io.cbn.aggregator.report;

import static io.cbn.aggregator.testing.Events.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cbn.aggregator.ledger.ItemRecord;
import io.cbn.aggregator.ledger.OutputCheckMode;
import io.cbn.aggregator.ledger.OutputCheckResult;
import io.cbn.aggregator.ledger.OutputProblem;
import io.cbn.aggregator.ledger.OutputRef;
import io.cbn.schemas.Outcome;

class OutputVerifierTest {

    @TempDir
    Path out;

    @TempDir
    Path admin;

    private OutputRef write(String path, String content) throws IOException {
        Path file = out.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return new OutputRef(path, Files.size(file), OutputVerifier.sha256(file));
    }

    private static ItemRecord item(String jobId, List<OutputRef> outputs) {
        return new ItemRecord(jobId, "/src/" + jobId, jobId, Outcome.CREATED, null, "", outputs, "w1", "1.0+abc", 1, 5L,
                List.of(), T0, false);
    }

    private OutputCheckResult verify(OutputCheckMode mode, int threads, ItemRecord... items) throws IOException {
        Path file = admin.resolve("items.jsonl");
        ItemsJsonl lines = new ItemsJsonl();
        List<byte[]> all = new ArrayList<>();
        for (ItemRecord item : items) {
            all.add(lines.line(item, List.of()));
        }
        all.add(lines.line(new ItemRecord("j9", "/src/j9", "j9", Outcome.FAILED, "DECODE_ERROR", "", List.of(), "w1",
                "1.0", 1, null, List.of(), T0, false), List.of("Files Not Created (includes rejections)")));
        try (var o = Files.newOutputStream(file)) {
            for (byte[] b : all) {
                o.write(b);
            }
        }
        return new OutputVerifier(threads).check(file, out, mode);
    }

    @Test
    void knownSha256() throws IOException {
        Path file = out.resolve("abc.txt");
        Files.writeString(file, "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", OutputVerifier.sha256(file));
    }

    @Test
    void untouchedOutputsPass() throws IOException {
        OutputCheckResult check = verify(OutputCheckMode.SHA256, 1,
                item("j1", List.of(write("a/one.svg", "<svg/>"), write("a/one.png", "png"))),
                item("j2", List.of(write("two.svg", "<svg>2</svg>"))));
        assertEquals(3, check.filesChecked());
        assertEquals(3, check.items());
        assertTrue(check.passed(), check.listed().toString());
    }

    @Test
    void aChangedByteAMissingFileAndAPathOutsideTheRootAreCaughtWithSeveralThreads() throws IOException {
        OutputRef changed = write("changed.svg", "<svg>1</svg>");
        Files.writeString(out.resolve("changed.svg"), "<svg>2</svg>"); // same size, one byte differs
        OutputRef missing = write("gone.svg", "x");
        Files.delete(out.resolve("gone.svg"));
        OutputRef escaping = new OutputRef("../escape.svg", 1, "00");
        OutputCheckResult check = verify(OutputCheckMode.SHA256, 3, item("j1", List.of(changed, missing)),
                item("j2", List.of(escaping)));
        assertEquals(3, check.filesChecked());
        assertEquals(3, check.problems());
        assertEquals(2, check.problemJobs().size());
        assertEquals(List.of(OutputProblem.Kind.CHANGED, OutputProblem.Kind.MISSING, OutputProblem.Kind.OUTSIDE_ROOT),
                check.listed().stream().map(OutputProblem::kind).toList());
        assertTrue(check.listed().get(0).describe().contains("changed.svg"));
        assertEquals("j2", check.listed().get(2).jobId());
    }

    @Test
    void statSeesMissingAndResizedFilesButNotASameSizeEdit() throws IOException {
        OutputRef sameSize = write("same.svg", "<svg>1</svg>");
        Files.writeString(out.resolve("same.svg"), "<svg>2</svg>");
        OutputRef resized = write("resized.svg", "<svg/>");
        Files.writeString(out.resolve("resized.svg"), "<svg></svg>");
        OutputRef missing = write("gone.svg", "x");
        Files.delete(out.resolve("gone.svg"));
        OutputCheckResult check = verify(OutputCheckMode.STAT, 1, item("j1", List.of(sameSize, resized, missing)));
        assertEquals(List.of("gone.svg", "resized.svg"), check.listed().stream().map(OutputProblem::path).toList());
    }
}
