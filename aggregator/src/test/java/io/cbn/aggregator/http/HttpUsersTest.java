package io.cbn.aggregator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users/roles files of the HTTP login, as an operator writes them (README, Operations: HTTP login). */
class HttpUsersTest {

    @TempDir
    Path dir;

    static String md5(String user, String realm, String password) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest((user + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void hashedPasswordsAndRolesAreChecked() throws Exception {
        Path users = Files.writeString(dir.resolve("users.properties"),
                "# a comment\nalice=" + md5("alice", "cbn", "pä55 word") + "\nbob=" + md5("bob", "cbn", "b") + "\n");
        Path roles = Files.writeString(dir.resolve("roles.properties"), "alice=viewer,admin\nbob=\n");
        HttpUsers u = HttpUsers.load(users, roles, "cbn", false);
        assertEquals(2, u.size());
        assertEquals(Optional.of(Set.of("viewer", "admin")), u.authenticate("alice", "pä55 word".toCharArray()));
        assertEquals(Optional.empty(), u.authenticate("alice", "pa55 word".toCharArray()));
        assertEquals(Optional.empty(), u.authenticate("alice", new char[0]));
        assertEquals(Optional.empty(), u.authenticate("carol", "pä55 word".toCharArray()));
        assertEquals(Optional.of(Set.of()), u.authenticate("bob", "b".toCharArray()));
        // the hash is of the realm too: the same password hashed for another realm does not log in
        HttpUsers otherRealm = HttpUsers.load(users, roles, "Quarkus", false);
        assertEquals(Optional.empty(), otherRealm.authenticate("alice", "pä55 word".toCharArray()));
    }

    @Test
    void plainTextWhenAskedFor() throws Exception {
        Path users = Files.writeString(dir.resolve("users.properties"), "alice=secret\n");
        Path roles = Files.writeString(dir.resolve("roles.properties"), "alice=viewer\n");
        assertEquals(Optional.of(Set.of("viewer")), HttpUsers.load(users, roles, "cbn", true).authenticate("alice", "secret".toCharArray()));
        // a hashed realm takes the file's value as a hash, never as the password
        assertEquals(Optional.empty(), HttpUsers.load(users, roles, "cbn", false).authenticate("alice", "secret".toCharArray()));
    }

    @Test
    void aMissingFileIsNamed() throws Exception {
        Path roles = Files.writeString(dir.resolve("roles.properties"), "alice=viewer\n");
        IOException e = assertThrows(IOException.class, () -> HttpUsers.load(dir.resolve("nope.properties"), roles, "cbn", false));
        assertTrue(e.getMessage().contains(dir.resolve("nope.properties").toString()), e.getMessage());
        Path users = Files.writeString(dir.resolve("users.properties"), "alice=x\n");
        e = assertThrows(IOException.class, () -> HttpUsers.load(users, dir.resolve("no-roles"), "cbn", false));
        assertTrue(e.getMessage().contains("roles file " + dir.resolve("no-roles")), e.getMessage());
    }

    @Test
    void prodRefusesToStartWithoutTheUsersFileAndSaysWhere() throws Exception {
        String unset = HttpLogin.problem(Optional.empty(), true);
        assertTrue(unset.contains("cbn.aggregator.http.users-file") && unset.contains("CBN_HTTP_USERS_FILE"), unset);
        Path missing = dir.resolve("secret/users.properties");
        String absent = HttpLogin.problem(Optional.of(missing), true);
        assertTrue(absent.contains(missing.toString()) && absent.contains("does not exist"), absent);
        assertTrue(HttpLogin.problem(Optional.of(missing), false).contains(missing.toString()), "a file given must exist, in any profile");
        assertNull(HttpLogin.problem(Optional.empty(), false), "dev/test may run without users");
        Path there = Files.writeString(dir.resolve("users.properties"), "a=b\n");
        assertNull(HttpLogin.problem(Optional.of(there), true));
    }
}
