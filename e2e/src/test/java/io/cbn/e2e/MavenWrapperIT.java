package io.cbn.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cbn.launcher.Layout;

/**
 * {@code ./mvnw} on a machine where {@code HOME} is not the account's home directory (containers with an arbitrary
 * HOME): the system Maven writes its local repository under {@code user.home}, so the wrapper must not look for the
 * fetched zip under {@code $HOME/.m2}. Runs the real script with an empty HOME, which makes it fetch Maven again.
 */
class MavenWrapperIT {

    @Test
    void fetchesItsMavenWhenHomeIsNotTheAccountsHome(@TempDir Path home) throws Exception {
        Path root = Layout.detect().home();
        Path log = home.resolve("mvnw.log");
        ProcessBuilder p = new ProcessBuilder("bash", root.resolve("mvnw").toString(), "-v")
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        p.environment().put("HOME", home.toString());
        p.environment().remove("CBN_MAVEN_HOME");
        Process process = p.start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "mvnw -v did not finish in 5 minutes");
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), out);
        assertTrue(out.contains("Apache Maven 3.9.11"), out);
        assertTrue(Files.isExecutable(home.resolve(".m2/cbn-maven/apache-maven-3.9.11/bin/mvn")), out);
    }
}
