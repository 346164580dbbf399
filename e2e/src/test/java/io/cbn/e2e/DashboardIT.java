package io.cbn.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.cbn.launcher.Layout;
import io.cbn.launcher.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The dashboard in a real browser (headless Chromium) during a real run: broker, aggregator, worker and producer as
 * separate processes. The page is loaded before the worker starts, so its progress bar must move by the live updates
 * alone (a marker set on {@code window} at load survives); at the end its counts are summary.json's, a thumbnail
 * loads and the rejected/failed filter narrows the table. Screenshots: {@code e2e/target/dashboard-run.png} (desktop)
 * and {@code dashboard-run-phone.png}. Skipped when chromium or chromedriver is missing, unless
 * {@code CBN_REQUIRE_BROWSER=1} (CI), then it fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {
    private static final String RUN = "dash";

    private Path work;
    private LocalStack stack;
    private RunDriver driver;
    private ChromeDriver browser;

    @BeforeAll
    void start() throws Exception {
        Optional<Path> chromium = onPath("chromium");
        Optional<Path> chromedriver = onPath("chromedriver");
        if (chromium.isEmpty() || chromedriver.isEmpty()) {
            String why = "DashboardIT needs the Debian packages chromium and chromium-driver (apt-get install -y chromium chromium-driver)";
            if ("1".equals(System.getenv("CBN_REQUIRE_BROWSER"))) fail(why + ", and CBN_REQUIRE_BROWSER=1");
            Assumptions.abort(why + ": skipped");
        }
        Corpus.dir();
        work = Files.createTempDirectory("cbn-dash-");
        stack = new LocalStack(new LocalStack.Options(Layout.detect(), work.resolve("logs"), null, 1, 1, 12, Duration.ofMinutes(3))).start();
        driver = new RunDriver(stack, work);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
            "--user-data-dir=" + Files.createTempDirectory(work, "chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.get().toFile())
            .withLogFile(work.resolve("logs").resolve("chromedriver.log").toFile()).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.quit();
        if (stack != null) stack.close();
    }

    @Test
    void theRunPageFollowsARealRunAndShowsItsSummary() throws Exception {
        Path src = work.resolve("src-dash");
        // small pictures (quick, so the test stays short), one too small and two malformed files: every outcome
        List<Corpus.Entry> files = Corpus.copy(src, e -> e.convertible() && (long) e.width() * e.height() <= 1_500_000
            || Set.of("png_rgb16_rose_tiny.png", "bad_png_zlib.png", "bad_webp_empty.webp").contains(e.file()));
        int n = files.size();

        // the worker is stopped before the run is enqueued: the page is loaded with nothing processed yet
        stack.workers().get(0).stop(Duration.ofSeconds(30));
        driver.enqueue(RUN, src);
        await("run sealed, nothing processed").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
            .until(() -> driver.summary(RUN).map(s -> s.path("expected").asLong(-1) == n).orElse(false));

        browser.get(url("/dashboard/runs/" + RUN));
        assertEquals("0", progress().getDomAttribute("value") == null ? "0" : progress().getDomProperty("value"));
        assertEquals(String.valueOf(n), progress().getDomProperty("max"));
        js("window.cbnLoadMarker = 'loaded-once';");

        stack.startWorkerProcess();
        Set<Long> seen = new TreeSet<>();
        await("the progress bar moves to the end without a reload").atMost(Duration.ofMinutes(10))
            .pollInterval(Duration.ofMillis(200)).until(() -> {
                assertEquals("loaded-once", js("return window.cbnLoadMarker;"), "the page was reloaded");
                long value = (long) Double.parseDouble(progress().getDomProperty("value"));
                seen.add(value);
                return value == n;
            });
        assertTrue(seen.stream().anyMatch(v -> v > 0 && v < n), () -> "an intermediate value shown: " + seen);

        JsonNode s = driver.awaitComplete(RUN, Duration.ofMinutes(2));
        await("the last live update (run closed)").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
            .until(() -> "true".equals(browser.findElement(By.id("run")).getDomAttribute("data-finished")));
        assertEquals("loaded-once", js("return window.cbnLoadMarker;"), "still the page loaded at the start");
        assertEquals(s.path("created").asText(), text("count-created"));
        assertEquals(s.path("rejected").asText(), text("count-rejected"));
        assertEquals(s.path("failed").asText(), text("count-failed"));
        assertEquals(s.path("qaIssues").path("total").asText(), text("count-qa"));
        assertEquals(s.path("processed").asText() + "/" + s.path("expected").asText(), text("progress-text"));
        assertTrue(s.path("rejected").asLong() + s.path("failed").asLong() >= 2, () -> "not-created items: " + s);

        // a closed run's page: static, its summary.txt, a thumbnail of a created template
        browser.navigate().refresh();
        assertFalse("true".equals(browser.findElement(By.id("run")).getDomAttribute("data-open")), "a closed run's page is static");
        assertEquals(Files.readString(driver.runDir(RUN).resolve("summary.txt")).strip(), text("summary-text").strip());
        WebElement img = browser.findElement(By.cssSelector("#templates img"));
        js("arguments[0].scrollIntoView();", img);
        await("a thumbnail loads").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
            .until(() -> ((Number) js("return arguments[0].complete ? arguments[0].naturalWidth : 0;", img)).intValue() > 0);
        // every thumbnail of the grid page, once scrolled into view (lazy loading)
        browser.manage().window().setSize(new Dimension(1280, 4000));
        await("every thumbnail of the page loads").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
            .until(() -> ((Number) js("return Array.from(document.querySelectorAll('#templates img'))"
                + ".filter(i => !(i.complete && i.naturalWidth > 0)).length;")).intValue() == 0);
        assertEquals(Math.min(25, s.path("created").asLong()), browser.findElements(By.cssSelector("#templates img")).size());
        screenshot(1280, "dashboard-run.png");

        // the filter: each outcome that has items shows only those, as many as summary.json counts
        for (String outcome : List.of("REJECTED", "FAILED")) {
            long count = s.path(outcome.toLowerCase()).asLong();
            new Select(browser.findElement(By.id("filter-outcome"))).selectByValue(outcome);
            browser.findElement(By.id("filter-apply")).click();
            await("filter " + outcome).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> browser.getCurrentUrl().contains("outcome=" + outcome));
            List<WebElement> rows = browser.findElements(By.cssSelector("#problem-items tr.problem"));
            assertEquals(count, rows.size(), () -> outcome + " rows");
            for (WebElement row : rows) assertEquals(outcome, row.getDomAttribute("data-outcome"));
        }
        new Select(browser.findElement(By.id("filter-outcome"))).selectByValue("");
        browser.findElement(By.id("filter-apply")).click();
        await("filter off").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .until(() -> browser.findElements(By.cssSelector("#problem-items tr.problem")).size()
                == s.path("rejected").asLong() + s.path("failed").asLong());
        screenshot(412, "dashboard-run-phone.png");

        browser.get(url("/"));
        WebElement row = browser.findElement(By.cssSelector("tr[data-run='" + RUN + "']"));
        assertTrue(row.getText().contains("COMPLETE"), row::getText);
    }

    private WebElement progress() { return browser.findElement(By.id("progress")); }

    private String text(String id) { return browser.findElement(By.id(id)).getText(); }

    private Object js(String script, Object... args) { return ((JavascriptExecutor) browser).executeScript(script, args); }

    /** The aggregator's URL with the run's generated login in it (Chromium then sends it for the page's own requests). */
    private String url(String path) {
        URI base = URI.create(stack.aggregatorUrl());
        String auth = stack.login().user() + ":" + stack.login().password() + "@";
        return base.getScheme() + "://" + auth + base.getHost() + ":" + base.getPort() + path;
    }

    /** The whole page at this width (the window made as tall as the page), saved under target/. */
    private void screenshot(int width, String name) throws Exception {
        browser.manage().window().setSize(new Dimension(width, 1000));
        long height = ((Number) js("return document.documentElement.scrollHeight;")).longValue();
        browser.manage().window().setSize(new Dimension(width, (int) Math.min(8000, height + 100)));
        js("window.scrollTo(0, 0);");
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target").toAbsolutePath().resolve(name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println("DashboardIT: screenshot " + target);
        browser.manage().window().setSize(new Dimension(1280, 1000));
    }

    private static Optional<Path> onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
