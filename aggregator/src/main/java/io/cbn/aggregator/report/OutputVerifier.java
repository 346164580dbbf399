package io.cbn.aggregator.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.jboss.logging.Logger;

import io.cbn.aggregator.ledger.ItemRecord;
import io.cbn.aggregator.ledger.OutputCheck;
import io.cbn.aggregator.ledger.OutputProblem;
import io.cbn.aggregator.ledger.OutputRef;
import io.cbn.aggregator.ledger.VerificationRequest;

/**
 * Re-hashes every output a CREATED job listed and compares size and sha256 with what the worker
 * recorded. Trusts nothing: a missing file, a changed byte, an unreadable file or a path that
 * leaves the output root is a problem naming the file.
 */
public final class OutputVerifier {

    private static final Logger LOG = Logger.getLogger(OutputVerifier.class);
    private static final int BUFFER = 64 * 1024;

    public OutputCheck verify(VerificationRequest request) {
        long started = System.nanoTime();
        Path root = request.outputRoot().toAbsolutePath().normalize();
        List<OutputProblem> problems = new ArrayList<>();
        long files = 0;
        for (ItemRecord item : request.createdItems()) {
            for (OutputRef output : item.outputs()) {
                files++;
                OutputProblem problem = check(root, item.jobId(), output);
                if (problem != null) {
                    problems.add(problem);
                }
            }
        }
        LOG.infof("run %s: re-hashed %d output files of %d created items under %s in %d ms, %d problems",
                request.runId(), files, request.createdItems().size(), root, (System.nanoTime() - started) / 1_000_000,
                problems.size());
        return new OutputCheck(files, problems);
    }

    private static OutputProblem check(Path root, String jobId, OutputRef output) {
        Path file;
        try {
            file = root.resolve(output.path()).normalize();
        } catch (InvalidPathException e) {
            return new OutputProblem(jobId, output.path(), OutputProblem.Kind.OUTSIDE_ROOT, "invalid path");
        }
        if (Path.of(output.path()).isAbsolute() || !file.startsWith(root)) {
            return new OutputProblem(jobId, output.path(), OutputProblem.Kind.OUTSIDE_ROOT, "not under " + root);
        }
        if (!Files.isRegularFile(file)) {
            return new OutputProblem(jobId, output.path(), OutputProblem.Kind.MISSING, "no file at " + file);
        }
        try {
            long size = Files.size(file);
            String sha256 = sha256(file);
            if (size != output.bytes() || !sha256.equalsIgnoreCase(output.sha256())) {
                return new OutputProblem(jobId, output.path(), OutputProblem.Kind.CHANGED,
                        "recorded " + output.bytes() + " bytes sha256 " + output.sha256() + ", found " + size
                                + " bytes sha256 " + sha256);
            }
            return null;
        } catch (IOException e) {
            return new OutputProblem(jobId, output.path(), OutputProblem.Kind.UNREADABLE, e.toString());
        }
    }

    /** Lower-case hex sha256 of a file's content. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
