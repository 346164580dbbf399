package io.cbn.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.cbn.launcher.Layout;
import io.cbn.launcher.LocalStack;
import io.cbn.launcher.ManagedProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Kubernetes does to workers, done to real processes: a broker outage (readiness DOWN, liveness UP, recovery),
 * scale-out by starting workers mid-run, scale-in by SIGTERM mid-run. The final summary must stay exact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsIT {
    private Path work;
    private LocalStack stack;
    private RunDriver driver;

    @BeforeAll
    void startDeployment() throws Exception {
        Corpus.dir();
        work = Files.createTempDirectory("cbn-ops-");
        stack = new LocalStack(new LocalStack.Options(Layout.detect(), work.resolve("logs"), null, 1, 1, 12, Duration.ofMinutes(3))).start();
        driver = new RunDriver(stack, work);
    }

    @AfterAll
    void stopDeployment() {
        if (stack != null) stack.close();
    }

    @Test
    @Order(1)
    void aBrokerOutageTurnsReadinessDownButNotLiveness() throws Exception {
        String worker = stack.workerUrl(0);
        stack.stopBroker();
        await("worker not ready while the broker is down").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
            .until(() -> ManagedProcess.httpStatus(worker + "/q/health/ready") == 503);
        assertEquals(200, ManagedProcess.httpStatus(worker + "/q/health/live"), "no restart storm: liveness stays UP in an outage");
        stack.restartBroker();
        await("worker ready again after the broker is back").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
            .until(() -> ManagedProcess.httpStatus(worker + "/q/health/ready") == 200);
        assertEquals(200, ManagedProcess.httpStatus(worker + "/q/health/live"));
        await("aggregator ready again").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
            .until(() -> ManagedProcess.httpStatus(stack.aggregatorUrl() + "/q/health/ready") == 200);
    }

    @Test
    @Order(2)
    void scalingOutAndInMidRunKeepsTheSummaryExact() throws Exception {
        Path src = work.resolve("src-scale");
        int n = 0;
        for (String copy : List.of("a", "b", "c")) n += Corpus.copy(src.resolve(copy), Corpus.Entry::convertible).size();
        driver.enqueue("scale", src);
        awaitProcessed("scale", 3);

        int second = stack.startWorkerProcess(); // scale-out: the cooperative rebalance must not stall the running worker
        int third = stack.startWorkerProcess();
        stack.awaitWorkerReady(second);
        stack.awaitWorkerReady(third);
        long before = processed("scale");
        awaitProcessed("scale", before + 5);

        // scale-in: SIGTERM as Kubernetes sends it; in-flight jobs finish or are handed back within the grace period
        ManagedProcess leaving = stack.workers().get(0);
        long t0 = System.nanoTime();
        leaving.stop(LocalStack.WORKER_GRACE);
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(LocalStack.WORKER_GRACE) < 0,
            "a SIGTERMed worker exits within its grace period");

        JsonNode s = driver.awaitComplete("scale", Duration.ofMinutes(15));
        assertEquals(n, s.path("expected").asLong());
        assertEquals(n, s.path("processed").asLong());
        assertEquals(n, s.path("created").asLong(), () -> "every photo created: " + s);
        assertEquals(0, s.path("invariantViolations").size(), () -> "violations: " + s.path("invariantViolations"));
        Set<String> ids = new HashSet<>();
        for (JsonNode it : driver.items("scale")) {
            assertTrue(ids.add(it.path("jobId").asText()), "a job listed twice: " + it);
            for (JsonNode o : it.path("outputs")) {
                Path f = driver.output("scale").resolve(o.path("path").asText());
                assertEquals(o.path("sha256").asText(), RunDriver.sha256(f), "sha256 of " + f);
            }
        }
        assertEquals(n, ids.size());
        assertTrue(s.path("workers").size() >= 2, () -> "several workers took part: " + s.path("workers"));
    }

    private long processed(String runId) {
        return driver.summary(runId).map(s -> s.path("processed").asLong()).orElse(0L);
    }

    private void awaitProcessed(String runId, long atLeast) {
        await(runId + " processed >= " + atLeast).atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
            .until(() -> processed(runId) >= atLeast);
    }
}
