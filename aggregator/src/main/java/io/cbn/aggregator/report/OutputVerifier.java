package io.cbn.aggregator.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cbn.aggregator.ledger.Hash128;
import io.cbn.aggregator.ledger.Hash128Set;
import io.cbn.aggregator.ledger.OutputCheckMode;
import io.cbn.aggregator.ledger.OutputCheckResult;
import io.cbn.aggregator.ledger.OutputProblem;
import io.cbn.aggregator.ledger.RunLedger;

/**
 * Checks every output a CREATED line of {@code items.jsonl} lists, streaming the file (never
 * holding it whole): STAT = a regular file with the recorded size; SHA256 = also the recorded
 * sha256. Trusts nothing: a missing file, a changed byte, an unreadable file or a path that leaves
 * the output root is a problem naming the file. Used at run completion (mode from
 * {@code cbn.aggregator.verify-outputs}) and by {@code cbn verify} (SHA256, several threads).
 */
public final class OutputVerifier {

    private static final Logger LOG = Logger.getLogger(OutputVerifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUFFER = 64 * 1024;
    private static final int BATCH = 256;
    /** Problems kept in memory to sort and list; beyond this they are only counted. */
    private static final int KEPT_PROBLEMS = 10 * RunLedger.MAX_LISTED_OUTPUT_PROBLEMS;

    private final int threads;

    public OutputVerifier(int threads) {
        this.threads = Math.max(1, threads);
    }

    private record Line(String jobId, List<String[]> outputs) {
    }

    private final class Findings {
        final AtomicLong files = new AtomicLong();
        final AtomicLong problems = new AtomicLong();
        final List<OutputProblem> kept = new ArrayList<>();
        final Hash128Set jobs = new Hash128Set();

        synchronized void add(String jobId, OutputProblem p) {
            problems.incrementAndGet();
            if (kept.size() < KEPT_PROBLEMS) {
                kept.add(p);
            }
            long[] h = Hash128.of(jobId);
            jobs.add(h[0], h[1]);
        }
    }

    /**
     * @param items      the run's items.jsonl
     * @param outputRoot the run's output path (outputs are relative to it)
     */
    public OutputCheckResult check(Path items, Path outputRoot, OutputCheckMode mode) throws IOException {
        long started = System.nanoTime();
        Path root = outputRoot.toAbsolutePath().normalize();
        Findings findings = new Findings();
        long lines = 0;
        if (mode != OutputCheckMode.NONE) {
            ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "cbn-output-check");
                t.setDaemon(true);
                return t;
            }) : null;
            BlockingQueue<Future<?>> inFlight = new ArrayBlockingQueue<>(threads * 4);
            try (BufferedReader reader = Files.newBufferedReader(items, StandardCharsets.UTF_8)) {
                List<Line> batch = new ArrayList<>(BATCH);
                for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                    if (text.isBlank()) {
                        continue;
                    }
                    lines++;
                    Line line = parse(text);
                    if (line != null) {
                        batch.add(line);
                    }
                    if (batch.size() == BATCH) {
                        submit(pool, inFlight, batch, root, mode, findings);
                        batch = new ArrayList<>(BATCH);
                    }
                }
                submit(pool, inFlight, batch, root, mode, findings);
                while (!inFlight.isEmpty()) {
                    await(inFlight.poll());
                }
            } finally {
                if (pool != null) {
                    pool.shutdownNow();
                }
            }
        }
        List<OutputProblem> listed;
        synchronized (findings) {
            listed = findings.kept.stream()
                    .sorted(Comparator.comparing(OutputProblem::jobId).thenComparing(OutputProblem::path))
                    .limit(RunLedger.MAX_LISTED_OUTPUT_PROBLEMS).toList();
        }
        LOG.infof("%s check of %d output files (%d items) under %s in %d ms: %d problems", mode, findings.files.get(),
                lines, root, (System.nanoTime() - started) / 1_000_000, findings.problems.get());
        return new OutputCheckResult(lines, findings.files.get(), findings.problems.get(), listed, findings.jobs);
    }

    private static Line parse(String text) throws IOException {
        JsonNode n = JSON.readTree(text);
        if (!"CREATED".equals(n.path("outcome").asText())) {
            return null;
        }
        List<String[]> outputs = new ArrayList<>();
        for (JsonNode o : n.path("outputs")) {
            outputs.add(new String[] {o.path("path").asText(), o.path("bytes").asText(), o.path("sha256").asText()});
        }
        return new Line(n.path("jobId").asText(), outputs);
    }

    private void submit(ExecutorService pool, BlockingQueue<Future<?>> inFlight, List<Line> batch, Path root,
                        OutputCheckMode mode, Findings findings) {
        Runnable work = () -> {
            for (Line line : batch) {
                for (String[] o : line.outputs()) {
                    findings.files.incrementAndGet();
                    OutputProblem p = check(root, line.jobId(), o[0], Long.parseLong(o[1]), o[2], mode);
                    if (p != null) {
                        findings.add(line.jobId(), p);
                    }
                }
            }
        };
        if (pool == null) {
            work.run();
            return;
        }
        while (!inFlight.offer(pool.submit(work))) {
            await(inFlight.poll());
        }
    }

    private static void await(Future<?> f) {
        if (f == null) {
            return;
        }
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("output check interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("output check failed", e.getCause());
        }
    }

    static OutputProblem check(Path root, String jobId, String path, long bytes, String recordedSha,
                               OutputCheckMode mode) {
        Path file;
        try {
            file = root.resolve(path).normalize();
            if (Path.of(path).isAbsolute() || !file.startsWith(root)) {
                return new OutputProblem(jobId, path, OutputProblem.Kind.OUTSIDE_ROOT, "not under " + root);
            }
        } catch (InvalidPathException e) {
            return new OutputProblem(jobId, path, OutputProblem.Kind.OUTSIDE_ROOT, "invalid path");
        }
        if (!Files.isRegularFile(file)) {
            return new OutputProblem(jobId, path, OutputProblem.Kind.MISSING, "no file at " + file);
        }
        try {
            long size = Files.size(file);
            if (size != bytes) {
                return new OutputProblem(jobId, path, OutputProblem.Kind.CHANGED,
                        "recorded " + bytes + " bytes, found " + size + " bytes");
            }
            if (mode == OutputCheckMode.SHA256) {
                String sha256 = sha256(file);
                if (!sha256.equalsIgnoreCase(recordedSha)) {
                    return new OutputProblem(jobId, path, OutputProblem.Kind.CHANGED,
                            "recorded sha256 " + recordedSha + ", found sha256 " + sha256);
                }
            }
            return null;
        } catch (IOException | UncheckedIOException e) {
            return new OutputProblem(jobId, path, OutputProblem.Kind.UNREADABLE, e.toString());
        }
    }

    /** Lower-case hex sha256 of a file's content. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
