package io.cbn.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The HTTP login of one local deployment (docs/design.md, Security): one user with a password made for this run
 * (SecureRandom), written for the aggregator as its users and roles files (directory 700, files 600). The users file
 * holds only the hash {@code HEX(MD5(user ":" realm ":" password))}, so the password itself is on no disk and in no
 * log: the launcher prints it once on the operator's terminal and sends it to the aggregator when it asks for a run.
 */
public final class LocalLogin {
    /** The aggregator's realm ({@code cbn.aggregator.http.realm}) and the role its pages need. */
    static final String REALM = "cbn";
    static final String ROLE = "viewer";
    public static final String USER = "cbn";

    private final String password;
    private final Path usersFile;
    private final Path rolesFile;

    private LocalLogin(String password, Path usersFile, Path rolesFile) {
        this.password = password;
        this.usersFile = usersFile;
        this.rolesFile = rolesFile;
    }

    /** A new password and its files under {@code dir} (created, mode 700). */
    static LocalLogin create(Path dir) throws IOException {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random); // 24 characters, 144 bits
        Files.createDirectories(dir);
        restrict(dir, "rwx------");
        Path users = dir.resolve("users.properties");
        Path roles = dir.resolve("roles.properties");
        writePrivate(users, "# HTTP login of this run: " + USER + "=HEX(MD5(" + USER + ":" + REALM + ":password))\n"
            + USER + "=" + hash(USER, REALM, password) + "\n");
        writePrivate(roles, USER + "=" + ROLE + "\n");
        return new LocalLogin(password, users, roles);
    }

    static String hash(String user, String realm, String password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest((user + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file);
        restrict(file, "rw-------");
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void restrict(Path p, String perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own access rules apply
        }
    }

    public String user() { return USER; }

    public String password() { return password; }

    public Path usersFile() { return usersFile; }

    public Path rolesFile() { return rolesFile; }

    /** The value of an {@code Authorization} header for this login. */
    public String basicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() { return "LocalLogin[" + USER + ", " + usersFile + "]"; } // never the password
}
