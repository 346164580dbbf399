package io.cbn.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.cbn.launcher.Layout;

/**
 * {@code ./cbn run} as an operator runs it, a child process (docs/design.md, Security): it prints the dashboard URL
 * and a password made for the run; the URL answers 401 without and 200 with them; the services listen on 127.0.0.1
 * only; the password is in no log and its users file is mode 600; with {@code --keep-open} the stack stays up after
 * COMPLETE until the launcher is signalled, which then stops everything and exits with the run's exit code.
 */
class LocalRunLoginIT {
    private static final Pattern DASHBOARD = Pattern.compile("dashboard (http://127\\.0\\.0\\.1:(\\d+))/ \\(user (\\S+), password (\\S+);");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Process launcher;

    @AfterEach
    void stop() throws Exception {
        if (launcher != null && launcher.isAlive()) {
            launcher.destroy();
            if (!launcher.waitFor(3, TimeUnit.MINUTES)) launcher.destroyForcibly();
        }
    }

    @Test
    void thePrintedDashboardNeedsThePrintedPasswordListensOnLoopbackAndKeepOpenHoldsItUntilSignalled() throws Exception {
        Layout layout = Layout.detect();
        Path work = Files.createTempDirectory("cbn-local-login-");
        Path src = Files.createDirectories(work.resolve("src"));
        Files.copy(layout.home().resolve("samples/images/jpeg_tiny_lizard_128.jpg"), src.resolve("lizard.jpg"));
        Files.write(src.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2, 3}); // a QA issue: exit 1
        Path admin = work.resolve("admin");
        Path stdout = work.resolve("run.out");
        Path stderr = work.resolve("run.err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Dcbn.home=" + layout.home(), "-jar",
            layout.require(layout.home().resolve("launcher/target/cbn-launcher.jar")).toString(),
            "run", "--keep-open", "--workers", "1", "--concurrency", "1", "--partitions", "2", "--run-id", "keep",
            "--source-paths", src.toString(), "--output-path", work.resolve("out").toString(), "--admin-path", admin.toString())
            .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("LC_ALL", "C.UTF-8");
        launcher = pb.start();

        // 1. the URL, the user and the password, printed at start
        Matcher[] m = new Matcher[1];
        await("the dashboard line on stderr").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Matcher found = DASHBOARD.matcher(read(stderr));
            if (found.find()) {
                m[0] = found;
                return true;
            }
            assertTrue(launcher.isAlive(), () -> "the launcher exited:\n" + read(stderr));
            return false;
        });
        String base = m[0].group(1);
        int port = Integer.parseInt(m[0].group(2));
        String user = m[0].group(3);
        String password = m[0].group(4);
        assertTrue(password.length() >= 20, "a generated password, not a fixed one: " + password.length() + " characters");

        // 2. the login: 401 without, 200 with the printed credentials, 401 with a wrong password; probes open
        assertEquals(401, status(base + "/", null), "the dashboard URL without credentials");
        assertEquals(401, status(base + "/runs", null));
        assertEquals(401, status(base + "/runs", basic(user, password + "x")), "a wrong password");
        assertEquals(200, status(base + "/runs", basic(user, password)), "/runs with the printed credentials");
        int root = status(base + "/", basic(user, password));
        assertEquals(200, root, "the dashboard URL with the printed credentials is past the login: " + root);
        assertEquals(200, status(base + "/q/health/live", null), "probes need no login");

        // 3. 127.0.0.1 only: the aggregator says so, and no other address of this machine reaches the port
        Path logs = admin.resolve("runs/keep/logs");
        await("the aggregator's listening line").atMost(Duration.ofSeconds(30))
            .until(() -> read(logs.resolve("aggregator.log")).contains("Listening on: http://127.0.0.1:" + port));
        await("the worker's listening line").atMost(Duration.ofSeconds(30))
            .until(() -> read(logs.resolve("worker-1.log")).contains("Listening on: http://127.0.0.1:"));
        List<InetAddress> others = nonLoopbackAddresses();
        for (InetAddress a : others) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(a, port), 2000);
                fail("the aggregator answered on " + a.getHostAddress() + ":" + port + "; it must listen on 127.0.0.1 only");
            } catch (IOException refused) {
                // expected: nothing listens there
            }
        }
        System.out.println("LocalRunLoginIT: aggregator on 127.0.0.1:" + port + ", refused on " + others.size()
            + " other address(es) " + others);

        // 4. the users file: mode 600, holds a hash, never the password
        Path usersFile = logs.resolve("http-login/users.properties");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(usersFile)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(logs.resolve("http-login/roles.properties"))));
        assertFalse(Files.readString(usersFile).contains(password), "the users file holds the hash, not the password");

        // 5. the run completes, its summary is printed, and --keep-open holds the stack
        await("the summary and the --keep-open line").atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertTrue(launcher.isAlive(), () -> "the launcher exited before it was signalled:\n" + read(stderr));
            return read(stderr).contains("--keep-open: broker, workers and aggregator stay up");
        });
        assertTrue(read(stdout).contains("Items Processed: 2/2"), () -> "summary.txt on stdout:\n" + read(stdout));
        JsonNode summary = RunDriver.JSON.readTree(body(base + "/runs/keep", basic(user, password)).orElseThrow());
        assertEquals("COMPLETE", summary.path("state").asText());
        List<ProcessHandle> stackProcesses = launcher.descendants().toList();
        assertTrue(stackProcesses.size() >= 3, "broker, aggregator and worker still running: " + stackProcesses.size());
        await("the dashboard stays reachable after COMPLETE").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20))
            .until(() -> launcher.isAlive() && status(base + "/runs/keep", basic(user, password)) == 200);

        // 6. no log of the run holds the password (it is printed once, on the launcher's terminal)
        try (Stream<Path> files = Files.walk(admin)) {
            for (Path f : files.filter(Files::isRegularFile).toList())
                assertFalse(read(f).contains(password), "the password is in " + f);
        }

        // 7. SIGTERM (as Ctrl-C): everything stops, the exit code is the run's (1: a QA issue), not the signal's
        launcher.destroy();
        assertTrue(launcher.waitFor(4, TimeUnit.MINUTES), "the launcher did not stop after SIGTERM");
        assertEquals(1, launcher.exitValue(), () -> "the run's exit code (complete with QA issues); stderr:\n" + read(stderr));
        for (ProcessHandle p : stackProcesses) assertFalse(p.isAlive(), "left running after the launcher stopped: " + p.info());
        assertNotEquals(200, status(base + "/q/health/live", null), "the aggregator is stopped");
        assertFalse(Files.exists(usersFile), "the run's login is removed with its stack");
        assertEquals(1, countOf(read(stderr), password), "the password is printed once, on the launcher's terminal");
    }

    private static int countOf(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
        return n;
    }

    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp()) continue;
            for (InetAddress a : Collections.list(nif.getInetAddresses()))
                if (!a.isLoopbackAddress() && !a.isLinkLocalAddress() && a instanceof Inet4Address) out.add(a);
        }
        return out;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static int status(String url, String authorization) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET();
            if (authorization != null) b.header("Authorization", authorization);
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static Optional<String> body(String url, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET();
        b.header("Authorization", authorization);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
