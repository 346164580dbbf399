package io.cbn.aggregator.report;

import static io.cbn.aggregator.testing.Events.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cbn.aggregator.ledger.ItemRecord;
import io.cbn.aggregator.ledger.OutputCheck;
import io.cbn.aggregator.ledger.OutputProblem;
import io.cbn.aggregator.ledger.OutputRef;
import io.cbn.aggregator.ledger.VerificationRequest;
import io.cbn.schemas.Outcome;

class OutputVerifierTest {

    @TempDir
    Path out;

    private OutputRef write(String path, String content) throws IOException {
        Path file = out.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return new OutputRef(path, Files.size(file), OutputVerifier.sha256(file));
    }

    private static ItemRecord item(String jobId, List<OutputRef> outputs) {
        return new ItemRecord(jobId, "/src/" + jobId, jobId, Outcome.CREATED, null, "", outputs, "w1", "1.0+abc", 1, 5L,
                List.of(), T0);
    }

    private OutputCheck verify(ItemRecord... items) {
        return new OutputVerifier().verify(new VerificationRequest("r", out, List.of(items), 1));
    }

    @Test
    void knownSha256() throws IOException {
        Path file = out.resolve("abc.txt");
        Files.writeString(file, "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", OutputVerifier.sha256(file));
    }

    @Test
    void untouchedOutputsPass() throws IOException {
        OutputCheck check = verify(item("j1", List.of(write("a/one.svg", "<svg/>"), write("a/one.png", "png"))),
                item("j2", List.of(write("two.svg", "<svg>2</svg>"))));
        assertEquals(3, check.filesChecked());
        assertTrue(check.passed(), check.problems().toString());
    }

    @Test
    void aChangedByteAMissingFileAndAPathOutsideTheRootAreCaught() throws IOException {
        OutputRef changed = write("changed.svg", "<svg>1</svg>");
        Files.writeString(out.resolve("changed.svg"), "<svg>2</svg>"); // same size, one byte differs
        OutputRef missing = write("gone.svg", "x");
        Files.delete(out.resolve("gone.svg"));
        OutputRef escaping = new OutputRef("../escape.svg", 1, "00");
        OutputCheck check = verify(item("j1", List.of(changed, missing)), item("j2", List.of(escaping)));
        assertEquals(3, check.filesChecked());
        assertEquals(List.of(OutputProblem.Kind.CHANGED, OutputProblem.Kind.MISSING, OutputProblem.Kind.OUTSIDE_ROOT),
                check.problems().stream().map(OutputProblem::kind).toList());
        assertTrue(check.problems().get(0).describe().contains("changed.svg"));
        assertEquals("j2", check.problems().get(2).jobId());
    }
}
