package io.cbn.aggregator.service;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cbn.aggregator.testing.KafkaBrokerResource;
import io.cbn.deploy.k8s.ManifestProbes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The probe paths in deploy/k8s/base/aggregator-deployment.yaml are served by the running aggregator, and answer UP. */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
class ProbesServedTest {

    @Test
    void everyProbeInTheManifestIsServedAndUp() throws Exception {
        Map<String, String> probes = ManifestProbes.httpPaths(ManifestProbes.baseDir().resolve("aggregator-deployment.yaml"));
        assertEquals(3, probes.size(), () -> "startup, readiness and liveness probes: " + probes);
        probes.forEach((kind, path) ->
            org.awaitility.Awaitility.await(kind + " " + path + " UP").atMost(java.time.Duration.ofSeconds(60))
                .until(() -> given().when().get(path).statusCode() == 200));
    }
}
