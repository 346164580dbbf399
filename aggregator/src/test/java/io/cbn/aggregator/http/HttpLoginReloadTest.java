package io.cbn.aggregator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cbn.aggregator.service.AggregatorConfig;
import io.cbn.aggregator.testing.MutableClock;

/** A users file changed while the aggregator runs (a Secret updated in place) is read again; a broken one is not. */
class HttpLoginReloadTest {

    @TempDir
    Path dir;

    private AggregatorConfig.Http config(Optional<Path> users, boolean required) {
        return new AggregatorConfig.Http() {
            @Override public Optional<Path> usersFile() { return users; }
            @Override public Optional<Path> rolesFile() { return Optional.empty(); }
            @Override public String realm() { return "cbn"; }
            @Override public boolean plainText() { return false; }
            @Override public boolean usersRequired() { return required; }
        };
    }

    @Test
    void anAddedUserCanLogInAfterTheRecheckAndAnUnreadableFileKeepsTheUsersReadBefore() throws Exception {
        Path users = Files.writeString(dir.resolve("users.properties"), "alice=" + HttpUsersTest.md5("alice", "cbn", "a") + "\n");
        Path roles = Files.writeString(dir.resolve("roles.properties"), "alice=viewer\n");
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
        HttpLogin login = new HttpLogin(config(Optional.of(users), true), clock);
        login.start();
        assertEquals(Optional.of(Set.of("viewer")), login.authenticate("alice", "a".toCharArray()));
        assertEquals(Optional.empty(), login.authenticate("bob", "b".toCharArray()));

        Files.writeString(users, "bob=" + HttpUsersTest.md5("bob", "cbn", "b") + "\n", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(roles, "bob=viewer\n", java.nio.file.StandardOpenOption.APPEND);
        Files.setLastModifiedTime(users, FileTime.from(Instant.now().plusSeconds(10))); // a new mtime, whatever the fs granularity
        assertEquals(Optional.empty(), login.authenticate("bob", "b".toCharArray()), "not before the recheck interval");
        clock.advance(HttpLogin.RECHECK);
        assertEquals(Optional.of(Set.of("viewer")), login.authenticate("bob", "b".toCharArray()), "read again after it changed");

        Files.delete(roles);
        clock.advance(HttpLogin.RECHECK.plus(Duration.ofSeconds(1)));
        assertEquals(Optional.of(Set.of("viewer")), login.authenticate("alice", "a".toCharArray()), "a broken file keeps the users read before");
    }

    @Test
    void startFailsNamingTheMissingFileAndStartsWithoutUsersWhenAllowed() throws Exception {
        Path missing = dir.resolve("mounted/users.properties");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new HttpLogin(config(Optional.of(missing), true), java.time.Clock.systemUTC()).start());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new HttpLogin(config(Optional.empty(), true), java.time.Clock.systemUTC()).start());
        HttpLogin none = new HttpLogin(config(Optional.empty(), false), java.time.Clock.systemUTC());
        none.start();
        assertEquals(Optional.empty(), none.authenticate("alice", "a".toCharArray()), "no users: nobody logs in");
    }
}
