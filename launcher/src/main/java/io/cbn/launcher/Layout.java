package io.cbn.launcher;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the built parts of cbn live, relative to the repository root ({@code -Dcbn.home}, set by the ./cbn script). */
public record Layout(Path home) {

    public static Layout detect() {
        String prop = System.getProperty("cbn.home");
        if (prop != null && !prop.isBlank()) return new Layout(Path.of(prop).toAbsolutePath().normalize());
        try {
            // launcher/target/cbn-launcher.jar -> repository root
            Path jar = Path.of(Layout.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new Layout(jar.getParent().getParent().getParent().toAbsolutePath().normalize());
        } catch (Exception e) {
            return new Layout(Path.of("").toAbsolutePath());
        }
    }

    public Path brokerJar() { return home.resolve("deploy/target/cbn-deploy.jar"); }
    public Path producerJar() { return home.resolve("producer/target/cbn-producer.jar"); }
    public Path converterJar() { return home.resolve("converter/target/cbn-converter.jar"); }
    public Path workerJar() { return home.resolve("worker/target/quarkus-app/quarkus-run.jar"); }
    public Path aggregatorJar() { return home.resolve("aggregator/target/quarkus-app/quarkus-run.jar"); }

    /** Fails with a message naming the missing jar: the ./cbn script builds before calling us, tests build first. */
    public Path require(Path jar) {
        if (!Files.isRegularFile(jar))
            throw new IllegalStateException("missing " + jar + ": build first (./mvnw -DskipTests install, or any ./cbn command builds it)");
        return jar;
    }
}
