package io.cbn.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child JVM started by the launcher: its output goes to a log file, it can be waited for (a log line, an HTTP
 * 200) and stopped the way Kubernetes stops a pod: SIGTERM, a grace period, then SIGKILL.
 */
public final class ManagedProcess implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ManagedProcess.class.getName());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static ManagedProcess start(String name, List<String> command, Map<String, String> env, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (!"UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", ""))) {
            // file names are bytes mapped through the locale: every process of a run gets a UTF-8 one
            // (docs/design.md, Messages; workers refuse to start without it)
            pb.environment().put("LC_ALL", "C.UTF-8");
        }
        pb.environment().putAll(env);
        LOG.log(System.Logger.Level.DEBUG, "starting {0}, log {1}", name, log);
        return new ManagedProcess(name, pb.start(), log);
    }

    public String name() { return name; }

    public Path log() { return log; }

    public long pid() { return process.pid(); }

    public boolean isAlive() { return process.isAlive(); }

    /** Waits until the log has a line matching {@code pattern}; returns its first group (or the whole match). */
    public String awaitLogLine(Pattern pattern, Duration timeout) {
        String[] found = new String[1];
        awaitCondition("a log line matching " + pattern, timeout, () -> {
            Matcher m = pattern.matcher(readLog());
            if (!m.find()) return false;
            found[0] = m.groupCount() > 0 ? m.group(1) : m.group();
            return true;
        });
        return found[0];
    }

    /** Waits until GET url answers 200. */
    public void awaitHttpOk(String url, Duration timeout) {
        awaitCondition("HTTP 200 from " + url, timeout, () -> httpStatus(url) == 200);
    }

    private void awaitCondition(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        Duration pause = Duration.ofMillis(50);
        while (true) {
            if (condition.getAsBoolean()) return;
            if (!process.isAlive())
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + " before " + what + "; last log lines:\n" + tail(30));
            if (Instant.now().isAfter(deadline))
                throw new IllegalStateException(name + " did not show " + what + " within " + timeout + "; last log lines:\n" + tail(30));
            try {
                process.waitFor(pause.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name);
            }
            pause = pause.multipliedBy(2).compareTo(Duration.ofMillis(500)) > 0 ? Duration.ofMillis(500) : pause.multipliedBy(2);
        }
    }

    public static int httpStatus(String url) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
            return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public static Optional<String> httpGet(String url) {
        return httpGet(url, null);
    }

    /** GET with an {@code Authorization} header (null: none); the body of a 200, else empty. */
    public static Optional<String> httpGet(String url, String authorization) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET();
            if (authorization != null) b.header("Authorization", authorization);
            HttpRequest req = b.build();
            HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    public String readLog() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    public String tail(int lines) {
        String[] all = readLog().split("\n");
        StringBuilder sb = new StringBuilder();
        for (int i = Math.max(0, all.length - lines); i < all.length; i++) sb.append("  | ").append(all[i]).append('\n');
        return sb.toString();
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL. Returns the exit code. */
    public int stop(Duration grace) {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    LOG.log(System.Logger.Level.WARNING, "{0} did not stop within {1}: killing it", name, grace);
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGKILL now, as a crashed node would die. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() { stop(Duration.ofSeconds(30)); }
}
