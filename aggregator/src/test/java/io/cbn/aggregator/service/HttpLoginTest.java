package io.cbn.aggregator.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
 * The HTTP login (docs/design.md, Security) with the real policy of application.properties and the test users file:
 * every page needs a viewer's login (deny by default, so paths that do not exist yet are covered too), the probes and
 * the metrics stay open.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
class HttpLoginTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private String runId;

    /** A finished run, so {@code /runs/{id}} and its files exist. */
    @BeforeEach
    void aRun() throws Exception {
        if (runId != null) return;
        runId = "login-" + UUID.randomUUID().toString().substring(0, 8);
        Path admin = Files.createTempDirectory("cbn-admin-");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<String, RunEvent> runs = producer(new RunEventSerializer());
             KafkaProducer<String, JobResult> jobs = producer(new JobResultSerializer())) {
            runs.send(new ProducerRecord<>(Topics.RUNS, runId, Events.opened(runId, "/out", admin.toString(), t0)));
            jobs.send(new ProducerRecord<>(Topics.RESULTS, "j1", Events.notCreated(runId, "j1", "a.jpg", Outcome.REJECTED,
                    "TOO_SMALL", t0)));
            runs.send(new ProducerRecord<>(Topics.RUNS, runId, Events.sealed(runId, 1, t0)));
        }
        await().atMost(WAIT).until(() -> Login.asViewer().get("/runs/" + runId).statusCode() == 200);
    }

    private List<String> pages() {
        return List.of("/", "/runs", "/runs/" + runId, "/runs/" + runId + "/summary.txt", "/runs/" + runId + "/items.jsonl",
                "/runs/unknown", "/runs/" + runId + "/outputs/a.svg", "/a-page-added-later");
    }

    @Test
    void everyPageAnswers401WithoutCredentialsAndAsksForBasic() {
        for (String page : pages()) {
            given().get(page).then().statusCode(401).header("WWW-Authenticate", containsStringIgnoringCase("basic realm=\"cbn\""));
        }
    }

    @Test
    void aViewerGetsThePages() {
        Login.asViewer().get("/runs").then().statusCode(200).body(containsString(runId));
        Login.asViewer().get("/runs/" + runId).then().statusCode(200).body(containsString("\"state\""));
        Login.asViewer().get("/runs/" + runId + "/summary.txt").then().statusCode(200);
        Login.asViewer().get("/runs/" + runId + "/items.jsonl").then().statusCode(200).body(containsString("TOO_SMALL"));
        // "/" is the dashboard once it is served; without it the login still passes and the path is not found
        Login.asViewer().get("/").then().statusCode(200);
        // a path with no page behind it: past the login, then not found (not 401: the credentials were good)
        Login.asViewer().get("/a-page-added-later").then().statusCode(404);
    }

    @Test
    void aWrongPasswordAnUnknownUserAndNoCredentialsAre401() {
        for (String page : List.of("/runs", "/runs/" + runId, "/")) {
            given().auth().preemptive().basic(Login.USER, "not-the-password").get(page).then().statusCode(401);
            given().auth().preemptive().basic("nobody", Login.PASSWORD).get(page).then().statusCode(401);
            given().auth().preemptive().basic(Login.USER, "").get(page).then().statusCode(401);
        }
    }

    @Test
    void aUserWithoutTheViewerRoleIsForbidden() {
        given().auth().preemptive().basic(Login.GUEST, Login.GUEST_PASSWORD).get("/runs").then().statusCode(403);
        given().auth().preemptive().basic(Login.GUEST, Login.GUEST_PASSWORD).get("/runs/" + runId).then().statusCode(403);
    }

    @Test
    void probesAndMetricsNeedNoLogin() {
        await().atMost(WAIT).until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/ready").then().statusCode(200).body(containsString("UP"));
        given().get("/q/health/live").then().statusCode(200).body(containsString("UP"));
        given().get("/q/health/started").then().statusCode(200);
        given().get("/q/health").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("cbn_aggregator_results_consumed"));
        // the probes do not leak the pages: a path beside them is behind the login
        given().get("/q/other").then().statusCode(equalTo(401));
    }

    @Test
    void cbnRunsLogsInWithTheCredentialsOfItsEnvironment() {
        String url = "http://localhost:" + io.restassured.RestAssured.port;
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        int code = io.cbn.aggregator.cli.AdminCommand.run(new String[] {"runs", "--url", url},
                Map.of("CBN_HTTP_USER", Login.USER, "CBN_HTTP_PASSWORD", Login.PASSWORD), new java.io.PrintStream(out, true),
                new java.io.PrintStream(err, true));
        org.junit.jupiter.api.Assertions.assertEquals(0, code, err::toString);
        org.junit.jupiter.api.Assertions.assertTrue(out.toString().contains(runId), out::toString);

        out.reset();
        err.reset();
        code = io.cbn.aggregator.cli.AdminCommand.run(new String[] {"runs", "--url", url}, Map.of(),
                new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));
        org.junit.jupiter.api.Assertions.assertEquals(2, code);
        org.junit.jupiter.api.Assertions.assertTrue(err.toString().contains("401") && err.toString().contains("CBN_HTTP_PASSWORD"), err::toString);

        err.reset();
        code = io.cbn.aggregator.cli.AdminCommand.run(new String[] {"runs", "--url", url, "--user", Login.USER},
                Map.of("CBN_HTTP_PASSWORD", "pw-7Qx-not-it"), new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));
        org.junit.jupiter.api.Assertions.assertEquals(2, code);
        org.junit.jupiter.api.Assertions.assertTrue(err.toString().contains("was refused"), err::toString);
        org.junit.jupiter.api.Assertions.assertFalse(err.toString().contains("pw-7Qx-not-it"), "the password is never printed");
    }

    private <V> KafkaProducer<String, V> producer(org.apache.kafka.common.serialization.Serializer<V> values) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), values);
    }
}
