package io.cbn.aggregator.dashboard;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cbn.aggregator.report.OutputVerifier;
import io.cbn.aggregator.testing.Events;
import io.cbn.aggregator.testing.KafkaBrokerResource;
import io.cbn.aggregator.testing.Login;
import io.cbn.deploy.broker.Topics;
import io.cbn.schemas.JobResult;
import io.cbn.schemas.Outcome;
import io.cbn.schemas.RunEvent;
import io.cbn.schemas.codec.JobResultSerializer;
import io.cbn.schemas.codec.RunEventSerializer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The dashboard against a real broker and real files: a run with created items (real PNG previews from the corpus),
 * a rejected and a failed one, and one whose result lists a path outside its output root. While it is open its page
 * is live; once closed the pages show the numbers of its summary files, the filter narrows the item table, the
 * thumbnail is made once and cached, outputs are served only when listed and under the output root.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
class DashboardResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "cbn.aggregator.state-dir")
    Path stateDir;

    @jakarta.inject.Inject
    io.cbn.aggregator.engine.Aggregator aggregator;

    @Test
    void aRunIsShownLiveThenFromItsFiles() throws Exception {
        String runId = "dash-" + UUID.randomUUID().toString().substring(0, 8);
        Path admin = Files.createTempDirectory("cbn-admin-");
        Path out = Files.createTempDirectory("cbn-out-");
        Path secret = out.getParent().resolve(out.getFileName() + "-secret.txt");
        Files.writeString(secret, "not an output");
        Path images = Path.of(System.getProperty("cbn.images", "../../shared/images"));
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);

        List<JobResult> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path preview = out.resolve("album/photo-" + i + "-preview.png");
            Path svg = out.resolve("album/photo-" + i + ".svg");
            Files.createDirectories(preview.getParent());
            Files.copy(images.resolve("png_rgb_icc_astronaut.png"), preview);
            Files.writeString(svg, "<svg xmlns='http://www.w3.org/2000/svg' id='" + i + "'/>");
            results.add(Events.result(runId, "job-" + i, "album/photo-" + i + ".jpg", t0.plusSeconds(i))
                    .setOutputs(List.of(
                            Events.output("album/photo-" + i + ".svg", Files.size(svg), OutputVerifier.sha256(svg)),
                            Events.output("album/photo-" + i + "-preview.png", Files.size(preview),
                                    OutputVerifier.sha256(preview))))
                    .build());
        }
        results.add(Events.notCreated(runId, "job-3", "album/tiny.jpg", Outcome.REJECTED, "TOO_SMALL", t0.plusSeconds(3)));
        results.add(Events.notCreated(runId, "job-4", "album/broken.png", Outcome.FAILED, "DECODE_ERROR", t0.plusSeconds(4)));
        // a forged result naming a file outside the output root: listed, counted, never served
        results.add(Events.result(runId, "job-5", "album/forged.jpg", t0.plusSeconds(5))
                .setOutputs(List.of(Events.output("../" + secret.getFileName(), Files.size(secret),
                        OutputVerifier.sha256(secret)))).build());

        try (KafkaProducer<String, RunEvent> runs = producer(new RunEventSerializer());
             KafkaProducer<String, JobResult> jobs = producer(new JobResultSerializer())) {
            runs.send(new ProducerRecord<>(Topics.RUNS, runId, Events.opened(runId, out.toString(), admin.toString(), t0)));
            for (JobResult r : results.subList(0, 2)) {
                jobs.send(new ProducerRecord<>(Topics.RESULTS, r.getJobId(), r));
            }
        }
        // open: live page and a live update with the in-memory counts
        await().atMost(WAIT).until(() -> Login.asViewer().get("/dashboard/runs/" + runId).then().extract().asString()
                .contains("data-live=\"created\">2<"));
        Login.asViewer().get("/dashboard/runs/" + runId).then().statusCode(200).body(containsString("data-open=\"true\""));
        Login.asViewer().get("/").then().statusCode(200).body(containsString("href=\"/dashboard/runs/" + runId + "\""));

        try (KafkaProducer<String, RunEvent> runs = producer(new RunEventSerializer());
             KafkaProducer<String, JobResult> jobs = producer(new JobResultSerializer())) {
            for (JobResult r : results.subList(2, results.size())) {
                jobs.send(new ProducerRecord<>(Topics.RESULTS, r.getJobId(), r));
            }
            runs.send(new ProducerRecord<>(Topics.RUNS, runId, Events.sealed(runId, results.size(), t0.plusSeconds(40))));
        }
        Path runDir = admin.resolve("runs").resolve(runId);
        await().atMost(WAIT).until(() -> aggregator.closedRun(runId).isPresent());
        JsonNode summary = JSON.readTree(runDir.resolve("summary.json").toFile());
        assertEquals("COMPLETE", summary.path("state").asText(), summary::toString);

        // closed: the page shows summary.json's numbers and summary.txt's text, and is not live
        String page = Login.asViewer().get("/dashboard/runs/" + runId).then().statusCode(200).extract().asString();
        assertTrue(!page.contains("data-open=\"true\""), "a closed run's page is static");
        assertEquals(summary.path("created").asText(), live(page, "created"));
        assertEquals(summary.path("rejected").asText(), live(page, "rejected"));
        assertEquals(summary.path("failed").asText(), live(page, "failed"));
        assertEquals(summary.path("qaIssues").path("total").asText(), live(page, "qaIssues"));
        assertEquals("6/6", live(page, "progressText"));
        String text = Files.readString(runDir.resolve("summary.txt"));
        assertTrue(page.contains(text.replace("(", "(")), "summary.txt shown whole:\n" + page);
        // the percentages are summary.txt's: Files Not Created 2 of 6 processed
        assertTrue(text.contains("Files Not Created (includes rejections): 2 (33.33%)"), text);
        assertTrue(page.matches("(?s).*data-reason=\"TOO_SMALL\">.*?<td class=\"n\">1</td><td class=\"n\">16.67</td>.*"), page);

        // the events of a closed run: one update, not open, then the stream ends
        String events = Login.asViewer().get("/dashboard/runs/" + runId + "/events").then().statusCode(200).extract().asString();
        assertTrue(events.contains("\"open\":false") && events.contains("\"created\":\"4\""), events);

        String listEvents = Login.asViewer().queryParam("run", runId).queryParam("run", "no-such-run").get("/dashboard/events")
                .then().statusCode(200).extract().asString();
        assertTrue(listEvents.contains("\"runId\":\"" + runId + "\"") && listEvents.contains("\"open\":false"), listEvents);

        // filter: FAILED only
        String failed = Login.asViewer().queryParam("outcome", "FAILED").get("/dashboard/runs/" + runId).then().statusCode(200)
                .extract().asString();
        assertTrue(failed.contains("album/broken.png") && !failed.contains("album/tiny.jpg"), failed);
        String any = Login.asViewer().get("/dashboard/runs/" + runId).then().extract().asString();
        assertTrue(any.contains("album/broken.png") && any.contains("album/tiny.jpg"));
        String byReason = Login.asViewer().queryParam("reason", "TOO_SMALL").get("/dashboard/runs/" + runId).then().extract().asString();
        assertTrue(byReason.contains("album/tiny.jpg") && !byReason.contains("album/broken.png"));

        // thumbnails: made once from the preview, cached under the state dir
        Matcher thumb = Pattern.compile("src=\"(/dashboard/runs/" + runId + "/items/(\\d+)/thumbnail.png)\"").matcher(page);
        assertTrue(thumb.find(), page);
        byte[] png = Login.asViewer().get(thumb.group(1)).then().statusCode(200).contentType("image/png").extract().asByteArray();
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(img.getWidth() > 0 && Math.max(img.getWidth(), img.getHeight()) <= 160, img.toString());
        String sha = OutputVerifier.sha256(out.resolve("album/photo-0-preview.png"));
        Path cached = stateDir.resolve("thumbnails").resolve(sha.substring(0, 2)).resolve(sha + ".png");
        assertArrayEquals(Files.readAllBytes(cached), png);
        var made = Files.getLastModifiedTime(cached);
        Login.asViewer().get(thumb.group(1)).then().statusCode(200);
        assertEquals(made, Files.getLastModifiedTime(cached), "made once");

        // outputs: the listed ones, by line offset and index; nothing else
        String offset = thumb.group(2);
        byte[] svg = Login.asViewer().get("/dashboard/runs/" + runId + "/items/" + offset + "/outputs/0").then().statusCode(200)
                .contentType("image/svg+xml").extract().asByteArray();
        assertTrue(new String(svg).startsWith("<svg"));
        Login.asViewer().get("/dashboard/runs/" + runId + "/items/" + offset + "/outputs/9").then().statusCode(404);
        Login.asViewer().get("/dashboard/runs/" + runId + "/items/" + (Long.parseLong(offset) + 1) + "/outputs/0").then().statusCode(404);
        long forged = lineOffset(runDir.resolve("items.jsonl"), "job-5");
        Login.asViewer().get("/dashboard/runs/" + runId + "/items/" + forged + "/outputs/0").then().statusCode(404)
                .body(not(containsString("not an output")));
        Login.asViewer().get("/dashboard/runs/" + runId + "/items/" + forged + "/thumbnail.png").then().statusCode(404);
        Login.asViewer().get("/dashboard/runs/no-such-run").then().statusCode(404);
        Login.asViewer().get("/dashboard/runs/..%2F..%2Fetc").then().statusCode(404);
    }

    /** The text of the first element with data-live="key". */
    private static String live(String page, String key) {
        Matcher m = Pattern.compile("data-live=\"" + key + "\">([^<]*)<").matcher(page);
        assertTrue(m.find(), key + " in\n" + page);
        return m.group(1);
    }

    private static long lineOffset(Path items, String jobId) throws Exception {
        long offset = 0;
        for (String line : Files.readAllLines(items)) {
            if (line.contains("\"jobId\":\"" + jobId + "\"")) {
                return offset;
            }
            offset += line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
        }
        throw new AssertionError(jobId + " not in " + items);
    }

    private <V> KafkaProducer<String, V> producer(org.apache.kafka.common.serialization.Serializer<V> values) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), values);
    }
}
