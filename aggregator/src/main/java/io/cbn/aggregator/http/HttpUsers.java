package io.cbn.aggregator.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.Provider;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.wildfly.security.auth.principal.NamePrincipal;
import org.wildfly.security.auth.realm.LegacyPropertiesSecurityRealm;
import org.wildfly.security.auth.server.RealmIdentity;
import org.wildfly.security.auth.server.RealmUnavailableException;
import org.wildfly.security.authz.Attributes;
import org.wildfly.security.evidence.PasswordGuessEvidence;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;

/**
 * The users and roles of the HTTP login, read from two properties files in the format of Quarkus' properties-file
 * realm (docs/design.md, Security): {@code users.properties} holds {@code name=HEX(MD5(name ":" realm ":" password))}
 * (or the plain password when {@code plainText}), {@code roles.properties} {@code name=role[,role...]}. Verification
 * is Elytron's {@link LegacyPropertiesSecurityRealm}, the realm that extension builds; only the files' location is
 * ours, so it can be given at run time. Plain Java, immutable.
 */
public final class HttpUsers {

    private static final String GROUPS = "groups";

    private final LegacyPropertiesSecurityRealm realm;
    private final int users;

    private HttpUsers(LegacyPropertiesSecurityRealm realm, int users) {
        this.realm = realm;
        this.users = users;
    }

    /** No users: every login fails. */
    public static HttpUsers none() throws IOException {
        return build(InputStream.nullInputStream(), InputStream.nullInputStream(), "cbn", false, 0);
    }

    /**
     * Reads both files. Fails with an {@link IOException} naming the file that is missing or unreadable.
     */
    public static HttpUsers load(Path usersFile, Path rolesFile, String realmName, boolean plainText) throws IOException {
        int count = countUsers(usersFile);
        try (InputStream u = open(usersFile, "users"); InputStream r = open(rolesFile, "roles")) {
            return build(u, r, realmName, plainText, count);
        }
    }

    private static HttpUsers build(InputStream users, InputStream roles, String realmName, boolean plainText, int count)
            throws IOException {
        LegacyPropertiesSecurityRealm realm = LegacyPropertiesSecurityRealm.builder()
                .setProviders(() -> new Provider[] {WildFlyElytronPasswordProvider.getInstance()})
                .setUsersStream(users).setGroupsStream(roles).setGroupsAttribute(GROUPS)
                .setDefaultRealm(realmName).setPlainText(plainText).build();
        return new HttpUsers(realm, count);
    }

    private static InputStream open(Path file, String what) throws IOException {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new IOException("the HTTP " + what + " file " + file.toAbsolutePath() + " does not exist", e);
        } catch (IOException e) {
            throw new IOException("the HTTP " + what + " file " + file.toAbsolutePath() + " can not be read: " + e, e);
        }
    }

    private static int countUsers(Path usersFile) throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (InputStream in = open(usersFile, "users")) {
            p.load(in);
        }
        return (int) p.stringPropertyNames().stream().filter(k -> !k.isBlank()).count();
    }

    /** How many users the users file names. */
    public int size() {
        return users;
    }

    /** The user's roles when {@code password} is theirs; empty for an unknown user or a wrong password. */
    public Optional<Set<String>> authenticate(String user, char[] password) {
        if (user == null || user.isEmpty() || password == null) return Optional.empty();
        RealmIdentity identity = null;
        try {
            identity = realm.getRealmIdentity(new NamePrincipal(user));
            if (!identity.exists() || !identity.verifyEvidence(new PasswordGuessEvidence(password.clone()))) {
                return Optional.empty();
            }
            Set<String> roles = new LinkedHashSet<>();
            Attributes.Entry groups = identity.getAuthorizationIdentity().getAttributes().get(GROUPS);
            if (groups != null) groups.forEach(g -> roles.add(g.trim()));
            roles.remove("");
            return Optional.of(Set.copyOf(roles));
        } catch (RealmUnavailableException e) {
            return Optional.empty();
        } finally {
            if (identity != null) identity.dispose();
        }
    }
}
